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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles a generated class in memory (Janino: a few times faster than javac on these classes). With a cache
 * folder (the {@code nnc.cache} property; the launcher sets it to {@code target/cache}), the class files of each
 * generated source are kept there, under a hash of what determines the source (the network and the options, or
 * the source itself) and of the build of nnc that compiled it, so that running an unchanged model again skips
 * generating the source and compiling it.
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
        return compile(file, parent, cacheFolder());
    }

    /** Compiles, or loads the class files kept in {@code cache} (null: no cache) for the same source. */
    public static Class<?> compile(JavaFile file, ClassLoader parent, Path cache) throws GeneratedCodeException {
        String source = file.toString();
        String name = file.packageName().isEmpty() ? file.typeSpec().name()
                : file.packageName() + "." + file.typeSpec().name();
        return compile(source, name, () -> source, parent, cache);
    }

    /** As {@link #compile(String, String, Supplier, ClassLoader, Path)}, with the {@code nnc.cache} property's folder. */
    public static Class<?> compile(String identity, String name, Supplier<String> source, ClassLoader parent)
            throws GeneratedCodeException {
        return compile(identity, name, source, parent, cacheFolder());
    }

    /**
     * The class {@code name} of the source that {@code source} writes: loaded from the class files that
     * {@code cache} keeps for {@code identity} (a text that determines the source, such as
     * {@link ClassIdentity#identity}), or else compiled from the source and kept there. A kept class is loaded without
     * asking for its source (generating it costs a fresh JVM more than loading the class files).
     */
    public static Class<?> compile(String identity, String name, Supplier<String> source, ClassLoader parent,
                                   Path cache) throws GeneratedCodeException {
        String full = cache == null ? null : withBuild(identity);
        Path kept = cache == null ? null : cache.resolve(fileName(full));
        Map<String, byte[]> classes = kept == null ? null : read(kept, full);
        if (classes != null) {
            try {
                return new Loader(parent, classes).loadClass(name);
            } catch (ClassNotFoundException | LinkageError e) {
                // an entry that does not define the class: compiled again below, and replaced
            }
        }
        String text = source.get();
        try {
            SimpleCompiler compiler = new SimpleCompiler();
            compiler.setParentClassLoader(parent);
            compiler.cook(name + ".java", text);
            classes = compiler.getBytecodes();
            Class<?> c = new Loader(parent, classes).loadClass(name);
            if (kept != null) {
                write(kept, full, classes);
            }
            return c;
        } catch (CompileException | ClassNotFoundException | RuntimeException | LinkageError e) {
            throw new GeneratedCodeException("generated class " + name + " does not compile: " + e.getMessage(),
                    text, e);
        }
    }

    private static Path cacheFolder() {
        String dir = System.getProperty("nnc.cache");
        return dir == null || dir.isEmpty() ? null : Path.of(dir);
    }

    /**
     * Defines the generated classes from their class files, and keeps them out of a class-data archive that the run
     * writes ({@code -XX:ArchiveClassesAtExit}, as the launcher's first run of a build does): the JVM archives no
     * class with signers. Archived, a generated class was mapped again by later runs of the same model, and some of
     * its methods were then never JIT-compiled (config A, 2-core Sapphire Rapids, JDK 17.0.15: {@code product32},
     * {@code productByP10} and seven more ran interpreted all training, 84 ms per epoch against 3).
     */
    private static final class Loader extends ClassLoader {
        /** Signers of no one: enough for the archive to leave the class out, and nothing else reads them. */
        private static final Object[] NOT_ARCHIVED = new Object[0];
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
            Class<?> c = defineClass(name, b, 0, b.length);
            setSigners(c, NOT_ARCHIVED);
            return c;
        }
    }

    /**
     * The identity together with this build of nnc (the location and time of the code that compiles it, and the
     * JVM): a rebuilt nnc, whose compiler or runtime may differ, does not reuse another build's class files.
     */
    static String withBuild(String identity) {
        var code = ClassCompiler.class.getProtectionDomain().getCodeSource();
        String build = code == null ? "" : code.getLocation().toString();
        long time = code == null ? 0 : lastModified(code.getLocation().getPath());
        return identity + "\0" + build + "\0" + time + "\0" + System.getProperty("java.version");
    }

    /**
     * The entry's file name: 64 bits of hash of the full identity, which the entry holds and {@link #read} compares
     * (two identities of the same name share the entry, each replacing the other; neither loads the other's
     * classes). Not SHA-256: its provider's start cost a fresh JVM 15 ms.
     */
    static String fileName(String fullIdentity) {
        CRC32 crc = new CRC32();
        crc.update(fullIdentity.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString((long) fullIdentity.hashCode() << 32 | crc.getValue()) + ".classes";
    }

    private static long lastModified(String path) {
        try {
            return Files.getLastModifiedTime(Path.of(path)).toMillis();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The class files kept for this identity, or null when there are none, they cannot be read or the entry is
     * another identity's (then the source is compiled).
     */
    private static Map<String, byte[]> read(Path file, String identity) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
            byte[] kept = new byte[in.readInt()];
            in.readFully(kept);
            if (!identity.equals(new String(kept, StandardCharsets.UTF_8))) {
                return null;
            }
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

    /**
     * Keeps the identity and its class files, written whole (a temporary file, then moved) or not at all; failures
     * are ignored.
     */
    private static void write(Path file, String identity, Map<String, byte[]> classes) {
        Path tmp = null;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            byte[] id = identity.getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
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
