package nnc.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import nnc.report.Report;
import nnc.train.Trainer;

/**
 * Shows training progress: a progress bar on standard error while an epoch runs (only on a terminal, so that
 * logs stay clean), and the report's line when it ends.
 */
final class Progress implements Trainer.Listener, AutoCloseable {
    private final PrintStream err;
    private final Report report;
    private final int epochs;
    private final boolean terminal;
    private ProgressBar bar;

    private Progress(PrintStream err, Report report, int epochs, boolean terminal) {
        this.err = err;
        this.report = report;
        this.epochs = epochs;
        this.terminal = terminal;
    }

    static Progress create(PrintStream err, Report report, int epochs) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"))
                && err == System.err;
        return new Progress(err, report, epochs, terminal);
    }

    @Override
    public void epochStarted(int epoch, int batches) {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(err)).clearDisplayOnFinish().build();
        }
    }

    @Override
    public void batchDone(int epoch, int batch) {
        if (bar != null) {
            bar.stepTo(batch);
        }
    }

    @Override
    public void epochDone(Trainer.Epoch e) {
        close();
        if (report != null) {
            report.epoch(e, epochs);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
