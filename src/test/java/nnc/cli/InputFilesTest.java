package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No file nnc reads can hang it or exhaust its memory: devices, pipes, folders and huge files are refused. */
class InputFilesTest {
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private Path fifo() throws IOException, InterruptedException {
        Path p = tmp.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
        return p;
    }

    @Test
    void aPipeOrADeviceAsTheModelIsRefused() throws Exception {
        Path pipe = fifo();
        for (String file : new String[] {pipe.toString(), "/dev/zero"}) {
            Cli c = assertTimeoutPreemptively(GENEROUS, () -> Cli.run("check", file));
            assertEquals(2, c.exit(), c.err());
            assertEquals("nnc: " + file + ": not a regular file (a device, a pipe or a socket cannot be read as "
                    + "input)\n", c.err());
        }
        Cli dir = Cli.run("check", tmp.toString());
        assertEquals("nnc: " + tmp + ": is a folder, not a file\n", dir.err());
    }

    @Test
    void aPipeOrADeviceAsWeightsIsRefused() throws Exception {
        Path pipe = fifo();
        for (String file : new String[] {pipe.toString(), "/dev/zero", tmp.toString()}) {
            Cli c = assertTimeoutPreemptively(GENEROUS, () -> Cli.run("predict", "models/xor_learned.nn",
                    "--weights", file, "1", "0"));
            assertEquals(3, c.exit(), c.err());
            assertTrue(c.err().startsWith("nnc: " + file + ": "), c.err());
        }
    }
}
