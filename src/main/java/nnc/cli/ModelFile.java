package nnc.cli;

import java.nio.file.Path;
import nnc.model.Network;
import picocli.CommandLine.Parameters;

/** The {@code FILE.nn} every command takes. */
final class ModelFile {
    @Parameters(index = "0", paramLabel = "FILE.nn", description = "the network description")
    Path file;

    /** Reads and checks the file; diagnostics go to the command's error stream (exit 1). */
    Network load(Main main) {
        return Session.load(file, main.err);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
