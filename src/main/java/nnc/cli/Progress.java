package nnc.cli;

import java.io.PrintStream;
import java.util.Locale;
import nnc.report.Report;
import nnc.train.Trainer;

/**
 * Shows training progress: the report's line when an epoch ends, and on a terminal a one-line progress display
 * while training runs. The display is redrawn by time, at most every {@link #REDRAW_NANOS}, and only
 * once training has run that long, so that it costs nothing that shows however short the epochs and batches are:
 * between redraws a finished batch costs one clock read.
 */
final class Progress implements Trainer.Listener, AutoCloseable {
    /**
     * The shortest time between two redraws of the display (and before the first one): 250 ms, or the
     * {@code nnc.redraw.ms} property's (the tests draw more often than a user needs).
     */
    static final long REDRAW_NANOS = Long.getLong("nnc.redraw.ms", 250) * 1_000_000L;
    private static final int BAR = 24;

    /** Where the epoch lines go (flushed before each redraw). */
    private final PrintStream lines;
    /** Where the display goes; null for none. */
    private final PrintStream display;
    private final Report report;
    private final int epochs;
    private final long start = System.nanoTime();
    private long nextDraw = start + REDRAW_NANOS;
    private int epoch;
    private int batches;
    /** The length of the display now on the terminal; 0 when none is shown. */
    private int shown;
    private int redraws;

    Progress(PrintStream lines, PrintStream display, Report report, int epochs) {
        this.lines = lines;
        this.display = display;
        this.report = report;
        this.epochs = epochs;
    }

    /**
     * The display goes to the stream the epoch lines go to ({@code lines}: standard output, or standard error with
     * {@code --json}) when that is a terminal, so that the two stay in order; else to standard error when that is
     * a terminal (the lines then go elsewhere); else nowhere. {@code bar} false: no display at all;
     * {@code report} null: no epoch lines.
     */
    static Progress create(PrintStream out, PrintStream err, PrintStream lines, Report report, int epochs,
                           boolean bar) {
        boolean outTerminal = bar && out == System.out && terminal("nnc.terminal.out");
        boolean errTerminal = bar && err == System.err && terminal("nnc.terminal");
        PrintStream display = lines == out && outTerminal ? out : errTerminal ? err : null;
        return new Progress(lines, display, report, epochs);
    }

    /**
     * Whether standard output ({@code nnc.terminal.out}) or standard error ({@code nnc.terminal}) is a terminal.
     * The launcher knows ({@code [ -t 1 ]}, {@code [ -t 2 ]}; standard error reaches the JVM through the pipe of
     * the launcher's filter, so the JVM cannot tell); run without the launcher, a console on standard input and
     * output stands in for both.
     */
    static boolean terminal(String property) {
        String told = System.getProperty(property);
        if (told != null) {
            return told.equals("1");
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        this.epoch = epoch;
        this.batches = batches;
    }

    @Override
    public void batchDone(int epoch, int batch) {
        if (display != null) {
            long now = System.nanoTime();
            if (now - nextDraw >= 0) {
                nextDraw = now + REDRAW_NANOS;
                draw(batch, now);
            }
        }
    }

    private void draw(int batch, long now) {
        int filled = (int) ((long) BAR * batch / batches);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%%  %.1f s", epoch, epochs,
                "=".repeat(filled), " ".repeat(BAR - filled), 100L * batch / batches, (now - start) / 1e9);
        lines.flush();
        display.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        display.flush();
        shown = line.length();
        redraws++;
    }

    /** How many times the display was drawn. */
    int redraws() {
        return redraws;
    }

    @Override
    public void epochDone(Trainer.Epoch e) {
        clear();
        if (report != null) {
            report.epoch(e, epochs);
        }
    }

    private void clear() {
        if (shown > 0) {
            display.print("\r" + " ".repeat(shown) + "\r");
            display.flush();
            shown = 0;
        }
    }

    @Override
    public void close() {
        clear();
    }
}
