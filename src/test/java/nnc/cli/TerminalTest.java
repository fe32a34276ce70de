package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the launcher ({@code ./nnc}) as a user does: on a terminal (a pseudo-terminal made by util-linux's
 * {@code script}) and piped, on this build's classes.
 */
class TerminalTest {
    private static final Pattern DRAW = Pattern.compile("\\repoch \\d+/300 \\[[= ]{24}\\] +\\d+%");

    record Run(int exit, String output, double seconds) {
        int draws() {
            Matcher m = DRAW.matcher(output);
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }
    }

    private static Run launch(boolean terminal, String javaOpts) throws IOException, InterruptedException {
        String command = "./nnc run models/xor_learned.nn";
        List<String> argv = terminal ? List.of("script", "-q", "-e", "-c", command, "/dev/null")
                : List.of("bash", "-c", command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("NNC_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("NNC_JAVA_OPTS", javaOpts);
        pb.environment().put("TERM", "xterm");
        // on a terminal with the Vector API kernels: the launcher's filter drops the JVM's incubator line there
        pb.environment().put("NNC_VECTOR", terminal ? "1" : "0");
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Run(exit, out, (System.nanoTime() - start) / 1e9);
    }

    private static boolean haveScript() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (new File(dir, "script").canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void onATerminalTheDisplayIsRedrawnByTimeAndTheReportIsWhole() throws Exception {
        assumeTrue(haveScript(), "util-linux's script is not installed: the terminal path is not tested");
        Run r = launch(true, "");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("epoch 300/300  loss"), r.output());
        assertTrue(r.output().contains("Test: loss"), r.output());
        assertFalse(r.output().contains("WARNING: Using incubator modules"), "the JVM's line is dropped");
        // at most one redraw per 250 ms of the whole run (training is only part of it)
        assertTrue(r.draws() <= r.seconds() * 4 + 1, r.draws() + " redraws in " + r.seconds() + " s");

        Run often = launch(true, "-Dnnc.redraw.ms=1");
        assertEquals(0, often.exit(), often.output());
        assertTrue(often.draws() >= 1, "the display shows on a terminal");
        assertTrue(often.draws() <= 300, "at most one redraw per batch");
        assertTrue(Pattern.compile("[\r\n]epoch 300/300  loss").matcher(often.output()).find(),
                "report lines start at the start of a line");
        assertTrue(often.output().contains("Test: loss"), often.output());
    }

    @Test
    void pipedThereIsNoDisplayAndNoJvmLine() throws Exception {
        Run r = launch(false, "-Dnnc.redraw.ms=1");
        assertEquals(0, r.exit(), r.output());
        assertEquals(0, r.draws(), r.output());
        assertFalse(r.output().contains("WARNING: Using incubator modules"), r.output());
        assertTrue(r.output().contains("Test: loss"), r.output());
    }
}
