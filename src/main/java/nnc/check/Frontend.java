package nnc.check;

import java.nio.file.Path;
import nnc.model.Network;
import nnc.syntax.Ast;
import nnc.syntax.Parser;
import nnc.syntax.Reporter;
import nnc.syntax.SourceFile;

/** Parse, then check: from source text to a {@link Network}, or diagnostics. */
public final class Frontend {
    private Frontend() {
    }

    /** The outcome: {@code network} is null exactly when {@code reporter} has errors. */
    public record Result(SourceFile source, Reporter reporter, Network network) {
        public boolean ok() {
            return network != null;
        }
    }

    public static Result compile(SourceFile source, Reporter reporter) {
        Ast.Model model = reporter.hasErrors() ? null : new Parser(source, reporter).parse();
        Network network = null;
        if (model != null) {
            Path dir = source.path() == null ? Path.of("").toAbsolutePath()
                    : source.path().toAbsolutePath().getParent();
            network = new Checker(reporter, dir).check(model);
        }
        return new Result(source, reporter, network);
    }

    /** Compiles {@code text} as if it were a file in the working directory. */
    public static Result compile(String name, String text) {
        return compile(new SourceFile(name, null, text), new Reporter());
    }
}
