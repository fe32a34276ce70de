package nnc.cli;

import java.util.concurrent.Callable;
import nnc.model.Network;
import nnc.model.UserError;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every command shares: the {@code FILE.nn} it works on and the {@code nnc} command it runs under. */
abstract class ModelCommand implements Callable<Integer> {
    @Mixin
    ModelFile model;

    @ParentCommand
    Main main;

    /** Reads and checks the model file; diagnostics go to the error stream (exit 1). */
    Network load() {
        return model.load(main);
    }

    /** Refuses a count option below 1 (exit 2). */
    static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw UserError.usage(option + " must be at least 1, not " + value);
        }
    }
}
