package nnc.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file nnc reads (the .nn file, a weights file, a data file), checked before a byte is read: it must exist, be a
 * regular file (not a folder, a device such as /dev/zero, or a pipe that may never be written to) and be no larger
 * than the reader accepts, so that no input can hang nnc or exhaust its memory.
 */
public final class InputFile {
    private InputFile() {
    }

    /**
     * Returns the file's size, or throws a {@link UserError} with {@code exitCode} and a message naming the file.
     *
     * @param maxBytes the largest size accepted
     * @param limit    says why that size, for the message ("16 MiB", "a quarter of the memory this JVM may use")
     */
    public static long check(Path file, long maxBytes, String limit, int exitCode) {
        if (Files.isDirectory(file)) {
            throw new UserError(exitCode, file + ": is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new UserError(exitCode, file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(exitCode, file + ": not a regular file (a device, a pipe or a socket cannot be read"
                    + " as input)");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UserError(exitCode, file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (size > maxBytes) {
            throw new UserError(exitCode, String.format(java.util.Locale.ROOT,
                    "%s: the file is %s; nnc reads at most %s", file, size(size), limit));
        }
        return size;
    }

    /**
     * An eighth of the heap: the largest data or weights file read, as the numbers it holds take several times the
     * size of their text once parsed, split and normalized.
     */
    public static long heapShare() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /** The limit {@link #heapShare()} in words. */
    public static String heapShareText() {
        return size(heapShare()) + " (an eighth of the memory this JVM may use; raise it with -Xmx)";
    }

    /** A byte count for people: {@code 512 bytes}, {@code 3.2 MiB}, {@code 1.5 GiB}. */
    public static String size(double bytes) {
        if (bytes < 1024) {
            return (long) bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        do {
            bytes /= 1024;
            u++;
        } while (bytes >= 1024 && u < units.length - 1);
        return String.format(java.util.Locale.ROOT, "%.1f %s", bytes, units[u]);
    }
}
