package nnc.report;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import nnc.model.UserError;

/**
 * A file nnc writes (weights, plots, reports, generated classes): checked before any long work starts, and written
 * whole or not at all. The content goes to a temporary file in the same folder, which is then moved over the
 * destination in one step, so that an interrupted run, a full disk or two runs saving to one path at once never leave
 * a truncated file where a good one was.
 */
public final class OutputFile {
    /** Writes the file's content to a stream (buffered; nnc closes it). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFile() {
    }

    /**
     * Refuses, as a usage error (exit 2), a path that cannot be written: a folder, a device or other non-regular
     * file, one of the run's own {@code inputs} (the .nn file, its data, its weights), a name without one of the
     * {@code extensions} (none given: any name), or a place where no file can be created. Call it before training.
     *
     * @param option how the user named the path, for the message ({@code --save}, {@code --plot}, {@code -o})
     */
    public static void check(String option, Path file, Collection<Path> inputs, String... extensions) {
        String what = option + " " + file + ": ";
        Path name = file.getFileName();
        if (name == null) {
            throw UserError.usage(what + "names no file");
        }
        if (extensions.length > 0 && !hasExtension(name.toString(), extensions)) {
            throw UserError.usage(what + "the file name must end in " + orList(extensions));
        }
        if (Files.isDirectory(file)) {
            throw UserError.usage(what + "is a folder; give a file name");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw UserError.usage(what + "exists and is not a regular file");
        }
        for (Path input : inputs) {
            if (input != null && sameFile(file, input)) {
                throw UserError.usage(what + "is one of this command's input files; writing it would destroy it "
                        + "(choose another name)");
            }
        }
        Path folder = folder(file);
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw UserError.usage(what + "cannot be created: " + (existing == null ? folder : existing)
                    + " is not a folder");
        }
        if (existing.equals(folder)) {
            probe(what, folder);
        } else {
            probeFolder(what, existing);
        }
    }

    /**
     * Creates and removes a folder in {@code parent}, as writing will create the missing folders there: a folder
     * that says it is writable may still refuse them (/proc, a read-only mount).
     */
    private static void probeFolder(String what, Path parent) {
        try {
            Files.delete(Files.createTempDirectory(parent, ".nnc-"));
        } catch (IOException | UnsupportedOperationException e) {
            throw UserError.usage(what + "cannot be created: no folder can be made in " + parent + " ("
                    + reason(e) + ")");
        }
    }

    /** Writes the file whole or not at all; a failure is a usage error naming {@code option} and the file. */
    public static void write(String option, Path file, Content content) {
        String what = option + " " + file + ": ";
        if (Files.isDirectory(file)) {
            throw UserError.usage(what + "is a folder; give a file name");
        }
        Path folder = folder(file);
        Path tmp = null;
        try {
            Files.createDirectories(folder);
            tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
            try (FileOutputStream raw = new FileOutputStream(tmp.toFile());
                 OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                content.writeTo(out);
                out.flush();
                raw.getFD().sync();
            }
            setPermissions(tmp, file);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | UnsupportedOperationException e) {
            throw UserError.usage(what + "cannot write the file (" + reason(e) + ")");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file stays; the destination is untouched either way
                }
            }
        }
    }

    /** {@link #write} for text, as UTF-8. */
    public static void writeString(String option, Path file, CharSequence text) {
        write(option, file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** True when the two paths name the same file (also through links, when both exist). */
    static boolean sameFile(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path folder(Path file) {
        return Objects.requireNonNull(file.toAbsolutePath().normalize().getParent(), "a file's folder");
    }

    /** Creates and removes a file in the folder: the one sure test that a file can be written there. */
    private static void probe(String what, Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".nnc-", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw UserError.usage(what + "cannot be written (" + reason(e) + ")");
        }
    }

    /** A new file gets rw-r--r--; a replaced one keeps its permissions. */
    private static void setPermissions(Path tmp, Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = Files.isRegularFile(file)
                ? Files.getPosixFilePermissions(file) : NEW_FILE;
        view.setPermissions(perms);
    }

    private static boolean hasExtension(String name, String[] extensions) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String e : extensions) {
            if (lower.endsWith(e) && lower.length() > e.length()) {
                return true;
            }
        }
        return false;
    }

    private static String orList(String[] items) {
        if (items.length == 1) {
            return items[0];
        }
        return String.join(", ", java.util.Arrays.copyOf(items, items.length - 1)) + " or " + items[items.length - 1];
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return m != null ? m : e.getClass().getSimpleName();
    }
}
