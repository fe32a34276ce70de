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
}
