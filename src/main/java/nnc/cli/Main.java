package nnc.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import nnc.api.NncException;
import nnc.check.Suggest;
import nnc.model.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nnc}: the command line. Every user error ends in a message and its documented exit status. */
@Command(name = "nnc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compiles .nn network descriptions into specialized Java classes, and trains them.",
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where commands write their report and their diagnostics. */
    final PrintStream out;
    final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check, compile, run, "
                + "evaluate, gradcheck, predict, export or explain");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The commands, in the order {@code nnc --help} lists them. */
    private static final java.util.List<Class<?>> COMMANDS = java.util.List.of(CheckCommand.class,
            CompileCommand.class, RunCommand.class, EvaluateCommand.class, GradcheckCommand.class,
            PredictCommand.class, ExportCommand.class, ExplainCommand.class);

    /**
     * The command line with the command that {@code args} names, or with every command when the first argument
     * names none ({@code nnc --help}, a misspelled command). picocli reads the annotations of every command it is
     * given, about 20 ms each at start-up, so {@code nnc run} gives it one.
     */
    private static CommandLine commandLine(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(out, err));
        String first = args.length > 0 ? args[0] : "";
        java.util.List<Class<?>> named = COMMANDS.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(first)).toList();
        for (Class<?> c : named.isEmpty() ? COMMANDS : named) {
            cli.addSubcommand(c);
        }
        return cli;
    }

    /** Runs a command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(args, out, err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(t -> t instanceof UserError u ? u.exitCode()
                : t instanceof NncException n ? n.exitCode() : UserError.INTERNAL);
        cli.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
            out.flush();
            Exception e = thrown instanceof NncException n ? Session.toUserError(n, err) : thrown;
            if (e instanceof UserError u) {
                if (u.getMessage() != null) {
                    err.println("nnc: " + u.getMessage());
                }
                return u.exitCode();
            }
            err.println("nnc: internal error: " + e);
            if (System.getenv("NNC_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set NNC_DEBUG=1 for the stack trace; please report this with the .nn file)");
            }
            return UserError.INTERNAL;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("nnc: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                String arg = u.getUnmatched().get(0).split("=", 2)[0];
                String close = Suggest.closest(arg, arg.startsWith("-")
                        ? c.getCommandSpec().optionsMap().keySet() : c.getSubcommands().keySet());
                if (close != null) {
                    c.getErr().println("did you mean '" + close + "'?");
                }
            }
            c.getErr().println("usage: " + c.getHelp().synopsis(0).trim());
            c.getErr().println("(nnc " + (c == cli ? "" : c.getCommandName() + " ") + "--help for more)");
            return UserError.USAGE;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("nnc: out of memory: the data or the network is too large for this JVM's heap "
                    + "(raise it with -Xmx)");
            return UserError.INTERNAL;
        } catch (StackOverflowError e) {
            err.println("nnc: internal error: the input is nested too deeply");
            return UserError.INTERNAL;
        }
    }

    /** The version shown by {@code nnc --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"nnc " + (v == null ? "development build" : v)};
        }
    }
}
