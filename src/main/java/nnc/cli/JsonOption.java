package nnc.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON object on standard output instead of the report. */
final class JsonOption {
    @Option(names = "--json", description = "print one JSON object instead of the report")
    boolean json;
}
