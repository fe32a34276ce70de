package nnc.codegen;

import com.palantir.javapoet.JavaFile;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/** Compiles a generated class in memory (Janino: a few times faster than javac on these classes). */
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

    public static Class<?> compile(JavaFile file, ClassLoader parent) throws GeneratedCodeException {
        String source = file.toString();
        String name = file.packageName().isEmpty() ? file.typeSpec().name()
                : file.packageName() + "." + file.typeSpec().name();
        try {
            SimpleCompiler compiler = new SimpleCompiler();
            compiler.setParentClassLoader(parent);
            compiler.cook(name + ".java", source);
            return compiler.getClassLoader().loadClass(name);
        } catch (CompileException | ClassNotFoundException | RuntimeException e) {
            throw new GeneratedCodeException("generated class " + name + " does not compile: " + e.getMessage(),
                    source, e);
        }
    }
}
