package nnc.cli;

import java.io.PrintStream;
import java.util.Locale;
import nnc.report.Report;
import nnc.train.Trainer;

/**
 * Shows training progress: the report's line when an epoch ends, and on a terminal a one-line progress display on
 * standard error while training runs. The display is redrawn by time, at most every {@link #REDRAW_NANOS}, and only
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

    private final PrintStream out;
    private final PrintStream err;
    private final Report report;
    private final int epochs;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long nextDraw = start + REDRAW_NANOS;
    private int epoch;
    private int batches;
    /** The length of the display now on the terminal; 0 when none is shown. */
    private int shown;
    private int redraws;

    Progress(PrintStream out, PrintStream err, Report report, int epochs, boolean terminal) {
        this.out = out;
        this.err = err;
        this.report = report;
        this.epochs = epochs;
        this.terminal = terminal;
    }

    /** {@code bar}: whether to show a progress bar (on a terminal only); {@code report} null: no epoch lines. */
    static Progress create(PrintStream out, PrintStream err, Report report, int epochs, boolean bar) {
        return new Progress(out, err, report, epochs, bar && err == System.err && onTerminal());
    }

    /**
     * Whether standard error is a terminal. The launcher knows ({@code -Dnnc.terminal}, from {@code [ -t 2 ]}; it
     * filters the JVM's start-up line out of standard error through a pipe, so the JVM cannot tell); run without
     * the launcher, a console on standard input and output stands in for it.
     */
    static boolean onTerminal() {
        String told = System.getProperty("nnc.terminal");
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
        if (terminal) {
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
        out.flush();
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
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
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }

    @Override
    public void close() {
        clear();
    }
}
