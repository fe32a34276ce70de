package nnc.model;

/** An error the user can fix, with the exit status documented for it. Never printed with a stack trace. */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int SOURCE = 1;
    public static final int USAGE = 2;
    public static final int DATA = 3;
    public static final int DIVERGED = 4;
    public static final int INTERNAL = 70;

    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static UserError data(String message) {
        return new UserError(DATA, message);
    }

    public static UserError usage(String message) {
        return new UserError(USAGE, message);
    }
}
