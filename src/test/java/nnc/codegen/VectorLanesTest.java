package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A float32 class takes the Vector API kernels only where C2 will compile them: in a JVM that stops at C1
 * ({@code -XX:TieredStopAtLevel=1}, as some tools start Java) or interprets ({@code -Xint}), that code would run
 * boxed for good, so the class gets plain loops.
 */
class VectorLanesTest {
    private static int lanesIn(String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // this JVM's own -XX settings (such as -XX:UseAVX), then the ones under test
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:")).toList());
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                LanesProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return Integer.parseInt(out);
    }

    @Test
    void float32TakesTheVectorApiOnlyWhereC2Compiles() throws Exception {
        int here = VectorLanes.of(nnc.model.Precision.FLOAT32);
        assertTrue(here == 0 || here == 4 || here == 8, "lanes " + here);
        assertEquals(here, lanesIn(), "a JVM like this one");
        assertEquals(0, lanesIn("-XX:TieredStopAtLevel=1"), "C1 only");
        assertEquals(0, lanesIn("-Xint"), "interpreter only");
    }
}
