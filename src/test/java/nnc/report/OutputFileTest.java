package nnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import nnc.model.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files nnc writes: whole or not at all, and never over a folder or an input. */
class OutputFileTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("w.json");
        Files.writeString(file, "good");
        UserError e = assertThrows(UserError.class, () -> OutputFile.write("--save", file, out -> {
            out.write("half".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(UserError.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--save " + file) && e.getMessage().contains("No space left"),
                e.getMessage());
        assertEquals("good", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void replacesAFileKeepingItsPermissionsAndCreatesFolders() throws IOException {
        Path file = tmp.resolve("w.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        OutputFile.writeString("--save", file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Path deep = tmp.resolve("a/b/c.json");
        OutputFile.writeString("--save", deep, "x");
        assertEquals("x", Files.readString(deep));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(deep)));
    }

    @Test
    void refusesFoldersInputsDevicesAndWrongExtensions() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("keep.png"));
        assertUsage(() -> OutputFile.check("--plot", folder, List.of(), ".png"), "is a folder");
        assertUsage(() -> OutputFile.write("--plot", folder, out -> out.write(1)), "is a folder");
        assertTrue(Files.isDirectory(folder));
        Path input = Files.writeString(tmp.resolve("data.csv"), "1,2\n");
        assertUsage(() -> OutputFile.check("--save", tmp.resolve("x/../data.csv"), List.of(input)),
                "is one of this command's input files");
        assertUsage(() -> OutputFile.check("--plot", tmp.resolve("p.jpg"), List.of(), ".png", ".svg"),
                "must end in .png or .svg");
        assertUsage(() -> OutputFile.check("--save", Path.of("/dev/null"), List.of()), "not a regular file");
        assertUsage(() -> OutputFile.check("--plot", Path.of("/proc/x.png"), List.of(), ".png"), "cannot be written");
        assertUsage(() -> OutputFile.check("--save", input.resolve("w.json"), List.of()), "is not a folder");
        assertUsage(() -> OutputFile.check("--save", Path.of("/proc/x/w.json"), List.of()), "cannot be created");
        OutputFile.check("--save", tmp.resolve("new/folder/w.json"), List.of(input));
        assertEquals(List.of(input, folder), list());
    }

    private static void assertUsage(org.junit.jupiter.api.function.Executable call, String message) {
        UserError e = assertThrows(UserError.class, call);
        assertEquals(UserError.USAGE, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.sorted().toList();
        }
    }
}
