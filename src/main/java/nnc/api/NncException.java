package nnc.api;

import java.util.List;
import nnc.model.UserError;

/**
 * An error in a model, its data, its weights or a call's arguments, with the message the command line prints for
 * it and the exit status it documents. Errors in a {@code .nn} source carry their {@link #diagnostics()}, and the
 * message is the same text {@code nnc check} prints: {@code file:line:col: error: ...}, the line and a caret.
 */
public class NncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One error in a {@code .nn} source: where (1-based line and column) and what. */
    public record Diagnostic(String file, int line, int column, String message) {
        /** {@code file:line:col: error: message}, as the command line writes it (without the source line). */
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": error: " + message;
        }
    }

    private final int exitCode;
    private final transient List<Diagnostic> diagnostics;

    NncException(int exitCode, String message, List<Diagnostic> diagnostics, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** An error raised below the API (data, weights, training), with its message and exit status. */
    static NncException of(UserError e) {
        return new NncException(e.exitCode(), e.getMessage(), List.of(), e);
    }

    /** Runs {@code body}, turning the errors of the layers below into this exception. */
    static <T> T call(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (UserError e) {
            throw of(e);
        }
    }

    /** The exit status {@code nnc} ends with for this error: 1 source, 2 usage, 3 data, 4 diverged, 70 internal. */
    public int exitCode() {
        return exitCode;
    }

    /** The errors in the {@code .nn} source, in source order; empty for other errors. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
