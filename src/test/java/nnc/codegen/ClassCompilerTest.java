package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import org.junit.jupiter.api.Test;

/** Generated code that does not compile is reported with its source, never as a bare exception. */
class ClassCompilerTest {
    @Test
    void brokenSourceIsReportedWithTheSource() {
        JavaFile broken = JavaFile.builder("", TypeSpec.classBuilder("Broken")
                .addMethod(MethodSpec.methodBuilder("f").returns(int.class).addStatement("return undefined").build())
                .build()).build();
        ClassCompiler.GeneratedCodeException e = assertThrows(ClassCompiler.GeneratedCodeException.class,
                () -> ClassCompiler.compile(broken, getClass().getClassLoader()));
        assertTrue(e.getMessage().startsWith("generated class Broken does not compile"), e.getMessage());
        assertEquals(broken.toString(), e.source());
    }

    @Test
    void workingSourceLoads() throws Exception {
        JavaFile ok = JavaFile.builder("demo", TypeSpec.classBuilder("Ok").addModifiers(javax.lang.model.element
                        .Modifier.PUBLIC)
                .addMethod(MethodSpec.methodBuilder("f").addModifiers(javax.lang.model.element.Modifier.PUBLIC,
                        javax.lang.model.element.Modifier.STATIC).returns(int.class).addStatement("return 42").build())
                .build()).build();
        Class<?> c = ClassCompiler.compile(ok, getClass().getClassLoader());
        assertEquals("demo.Ok", c.getName());
        assertEquals(42, c.getMethod("f").invoke(null));
    }

    private static JavaFile returning(int value) {
        javax.lang.model.element.Modifier[] ps = {javax.lang.model.element.Modifier.PUBLIC,
                javax.lang.model.element.Modifier.STATIC};
        return JavaFile.builder("demo", TypeSpec.classBuilder("Kept").addModifiers(ps[0])
                .addType(TypeSpec.classBuilder("Inner").addModifiers(ps).addMethod(MethodSpec.methodBuilder("g")
                        .addModifiers(ps).returns(int.class).addStatement("return $L", value).build()).build())
                .addMethod(MethodSpec.methodBuilder("f").addModifiers(ps).returns(int.class)
                        .addStatement("return Inner.g()").build())
                .build()).build();
    }

    @Test
    void theCacheKeepsEachSourcesClassFilesAndSurvivesDamage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ClassLoader parent = getClass().getClassLoader();
        assertEquals(1, ClassCompiler.compile(returning(1), parent, dir).getMethod("f").invoke(null));
        java.nio.file.Path kept;
        try (var files = java.nio.file.Files.list(dir)) {
            kept = files.reduce((a, b) -> {
                throw new AssertionError("one file per source");
            }).orElseThrow();
        }
        long written = java.nio.file.Files.getLastModifiedTime(kept).toMillis();
        // from the cache: the same class files, nested class included, in a loader of its own
        Class<?> again = ClassCompiler.compile(returning(1), parent, dir);
        assertEquals(1, again.getMethod("f").invoke(null));
        assertEquals(written, java.nio.file.Files.getLastModifiedTime(kept).toMillis(), "read, not rewritten");
        // another source is another entry, never the kept one
        assertEquals(2, ClassCompiler.compile(returning(2), parent, dir).getMethod("f").invoke(null));
        // a damaged entry is compiled again, and replaced
        java.nio.file.Files.write(kept, new byte[] {0, 0, 0, 7, 1});
        assertEquals(1, ClassCompiler.compile(returning(1), parent, dir).getMethod("f").invoke(null));
        assertEquals(1, ClassCompiler.compile(returning(1), parent, dir).getMethod("f").invoke(null));
        assertTrue(java.nio.file.Files.size(kept) > 100, "rewritten whole");
    }

    @Test
    void aKeptClassIsFoundByItsIdentityWithoutItsSource(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ClassLoader parent = getClass().getClassLoader();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<String> one = () -> {
            asked.incrementAndGet();
            return returning(1).toString();
        };
        assertEquals(1, ClassCompiler.compile("model one", "demo.Kept", one, parent, dir).getMethod("f").invoke(null));
        assertEquals(1, asked.get());
        assertEquals(1, ClassCompiler.compile("model one", "demo.Kept", one, parent, dir).getMethod("f").invoke(null));
        assertEquals(1, asked.get(), "the second time from the cache, the source not generated");
        // an entry holding another identity (as when two identities share a file name) is not loaded for this one
        java.nio.file.Path entry;
        try (var files = java.nio.file.Files.list(dir)) {
            entry = files.findFirst().orElseThrow();
        }
        String two = "model two";
        java.nio.file.Files.copy(entry, dir.resolve(ClassCompiler.fileName(ClassCompiler.withBuild(two))));
        assertEquals(2, ClassCompiler.compile(two, "demo.Kept", () -> returning(2).toString(), parent, dir)
                .getMethod("f").invoke(null));
        assertEquals(2, ClassCompiler.compile(two, "demo.Kept", () -> {
            throw new AssertionError("kept by now");
        }, parent, dir).getMethod("f").invoke(null));
    }

    @Test
    void aBrokenSourceFoundByIdentityIsReportedWithTheSourceAndNotKept(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        String broken = "class Broken { int f() { return undefined; } }";
        ClassCompiler.GeneratedCodeException e = assertThrows(ClassCompiler.GeneratedCodeException.class,
                () -> ClassCompiler.compile("broken", "Broken", () -> broken, getClass().getClassLoader(), dir));
        assertEquals(broken, e.source());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
