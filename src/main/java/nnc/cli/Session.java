package nnc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import nnc.api.Model;
import nnc.api.NncException;
import nnc.model.Network;
import nnc.model.UserError;

/** What every command shares, through the library API: reading and checking a .nn file, the API's errors. */
final class Session {
    private Session() {
    }

    /** Reads and checks the file; diagnostics go to {@code err} and end the command with exit 1. */
    static Network load(Path file, PrintStream err) {
        return loadModel(file, err).network();
    }

    /** {@link #load}, as the API's model. */
    static Model loadModel(Path file, PrintStream err) {
        try {
            return Model.load(file);
        } catch (NncException e) {
            throw toUserError(e, err);
        }
    }

    /** The command line's form of an API error: source diagnostics are printed here, other messages by Main. */
    static UserError toUserError(NncException e, PrintStream err) {
        if (!e.diagnostics().isEmpty()) {
            err.print(e.getMessage());
            return new UserError(e.exitCode(), null);
        }
        return new UserError(e.exitCode(), e.getMessage());
    }

    /** Runs a call of the library API, turning its errors into the command line's (see {@link #toUserError}). */
    static <T> T call(java.util.function.Supplier<T> body, PrintStream err) {
        try {
            return body.get();
        } catch (NncException e) {
            throw toUserError(e, err);
        }
    }
}
