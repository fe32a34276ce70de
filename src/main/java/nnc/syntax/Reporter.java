package nnc.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects the errors of one file, from every stage, in one place. */
public final class Reporter {
    /** Past this many errors the rest are dropped: a garbage file would otherwise bury the first ones. */
    public static final int MAX_ERRORS = 100;

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int dropped;
    private boolean stopped;

    public void error(Pos pos, String message) {
        if (diagnostics.size() >= MAX_ERRORS) {
            dropped++;
            return;
        }
        diagnostics.add(new Diagnostic(pos, message));
    }

    /** True once {@link #MAX_ERRORS} errors are held: further work on the file can only find errors not shown. */
    public boolean full() {
        return diagnostics.size() >= MAX_ERRORS;
    }

    /** Marks the file as abandoned at the cap: the count printed is then a lower bound. */
    public void stop() {
        stopped = true;
    }

    public boolean hasErrors() {
        return !diagnostics.isEmpty();
    }

    public int count() {
        return diagnostics.size() + dropped;
    }

    public int dropped() {
        return dropped;
    }

    /** The errors in source order. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        Collections.sort(sorted);
        return sorted;
    }

    /** All diagnostics rendered against {@code file}, followed by a count line like javac's. */
    public String render(SourceFile file) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics()) {
            out.append(file.render(d));
        }
        if (dropped > 0) {
            out.append("(").append(dropped).append(" more errors not shown)\n");
        }
        int n = count();
        if (stopped) {
            out.append("stopped after ").append(n).append(" errors; fix these and check again\n");
        } else {
            out.append(n).append(n == 1 ? " error" : " errors").append('\n');
        }
        return out.toString();
    }
}
