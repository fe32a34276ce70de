package nnc.codegen;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles a generated class in memory (Janino: a few times faster than javac on these classes). With a cache
 * folder (the {@code nnc.cache} property; the launcher sets it to {@code target/cache}), the class files of each
 * generated source are kept there, under a hash of the source and of the build of nnc that compiled it, so that
 * running an unchanged model again skips the compiler (and loading it).
 */
public final class ClassCompiler {
    private ClassCompiler() {
    }

    /** Thrown when generated code does not compile: an internal error, reported with the source. */
    public static final class GeneratedCodeException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String source;

        GeneratedCodeException(String message, String source, Throwable cause) {
            super(message, cause);
            this.source = source;
        }

        public String source() {
            return source;
        }
    }

    /** Compiles with the cache that the {@code nnc.cache} property names, if any. */
    public static Class<?> compile(JavaFile file, ClassLoader parent) throws GeneratedCodeException {
        String dir = System.getProperty("nnc.cache");
        return compile(file, parent, dir == null || dir.isEmpty() ? null : Path.of(dir));
    }

    /** Compiles, or loads the class files kept in {@code cache} (null: no cache) for the same source. */
    public static Class<?> compile(JavaFile file, ClassLoader parent, Path cache) throws GeneratedCodeException {
        String source = file.toString();
        String name = file.packageName().isEmpty() ? file.typeSpec().name()
                : file.packageName() + "." + file.typeSpec().name();
        Path kept = cache == null ? null : cache.resolve(key(source) + ".classes");
        Map<String, byte[]> classes = kept == null ? null : read(kept);
        try {
            if (classes == null) {
                SimpleCompiler compiler = new SimpleCompiler();
                compiler.setParentClassLoader(parent);
                compiler.cook(name + ".java", source);
                classes = compiler.getBytecodes();
                if (kept != null) {
                    write(kept, classes);
                }
            }
            return new Loader(parent, classes).loadClass(name);
        } catch (CompileException | ClassNotFoundException | RuntimeException | LinkageError e) {
            throw new GeneratedCodeException("generated class " + name + " does not compile: " + e.getMessage(),
                    source, e);
        }
    }

    /** Defines the generated classes from their class files. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    /**
     * The source's SHA-256 together with this build of nnc (the location and time of the code that compiles it):
     * a rebuilt nnc, whose compiler or runtime may differ, does not reuse another build's class files.
     */
    static String key(String source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            var code = ClassCompiler.class.getProtectionDomain().getCodeSource();
            String build = code == null ? "" : code.getLocation().toString();
            long time = code == null ? 0 : lastModified(code.getLocation().getPath());
            sha.update(("\0" + build + "\0" + time + "\0" + System.getProperty("java.version"))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lastModified(String path) {
        try {
            return Files.getLastModifiedTime(Path.of(path)).toMillis();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The kept class files, or null when there are none or they cannot be read (then the source is compiled). */
    private static Map<String, byte[]> read(Path file) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
            int count = in.readInt();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                classes.put(name, b);
            }
            return in.available() == 0 && count > 0 ? classes : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps the class files, written whole (a temporary file, then moved) or not at all; failures are ignored. */
    private static void write(Path file, Map<String, byte[]> classes) {
        Path tmp = null;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), "class-", ".tmp");
            Files.write(tmp, bytes.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing kept: the next run compiles again
                }
            }
        }
    }
}
