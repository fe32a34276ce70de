package nnc.syntax;

import java.util.ArrayList;
import java.util.List;
import nnc.syntax.antlr.NnParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Builds the {@link Ast} from a parse tree that has no syntax errors. */
final class AstBuilder {
    private final Parser parser;

    AstBuilder(Parser parser) {
        this.parser = parser;
    }

    Ast.Model model(NnParser.ModelContext ctx) {
        List<Ast.Statement> statements = new ArrayList<>();
        for (NnParser.StatementContext s : ctx.statement()) {
            Ast.Statement st = statement(s);
            if (st != null) {
                statements.add(st);
            }
        }
        return new Ast.Model(ctx.NAME().getText(), pos(ctx.NAME()), List.copyOf(statements), pos(ctx));
    }

    private Ast.Statement statement(NnParser.StatementContext s) {
        if (s instanceof NnParser.InputStmtContext in) {
            List<Ast.Num> dims = new ArrayList<>();
            if (in.NUMBER() != null) {
                dims.add(number(in.NUMBER()));
            } else {
                in.shape().NUMBER().forEach(n -> dims.add(number(n)));
            }
            return new Ast.Input(List.copyOf(dims), in.shape() != null, pos(in));
        }
        if (s instanceof NnParser.DenseStmtContext d) {
            return new Ast.Dense(number(d.NUMBER()), d.call() == null ? null : call(d.call()),
                    d.block() == null ? null : block(d.block()), pos(d));
        }
        if (s instanceof NnParser.DropoutStmtContext d) {
            return new Ast.Dropout(number(d.NUMBER()), pos(d));
        }
        if (s instanceof NnParser.DirectiveStmtContext d) {
            return new Ast.Directive(d.kw.getText(), call(d.call()), pos(d));
        }
        if (s instanceof NnParser.TrainStmtContext t) {
            return new Ast.Train(block(t.block()), pos(t));
        }
        return null;
    }

    private Ast.Call call(NnParser.CallContext c) {
        List<Ast.Arg> args = new ArrayList<>();
        for (NnParser.ArgContext a : c.arg()) {
            if (a instanceof NnParser.NamedArgContext named) {
                args.add(new Ast.Arg(named.NAME().getText(), pos(named.NAME()), value(named.value())));
            } else {
                args.add(new Ast.Arg(null, null, value(((NnParser.PositionalArgContext) a).value())));
            }
        }
        return new Ast.Call(c.NAME().getText(), pos(c.NAME()), List.copyOf(args), pos(c));
    }

    private Ast.Block block(NnParser.BlockContext b) {
        List<Ast.Entry> entries = new ArrayList<>();
        for (NnParser.EntryContext e : b.entry()) {
            if (e.key() != null) {
                entries.add(new Ast.Entry(e.key().getText(), pos(e.key()), value(e.value())));
            }
        }
        return new Ast.Block(List.copyOf(entries), pos(b));
    }

    private Ast.Value value(NnParser.ValueContext v) {
        if (v instanceof NnParser.NumberValueContext n) {
            return number(n.NUMBER());
        }
        if (v instanceof NnParser.StringValueContext s) {
            return new Ast.Str(unescape(s.STRING().getText()), pos(s));
        }
        if (v instanceof NnParser.BoolValueContext b) {
            return new Ast.Bool(b.TRUE() != null, pos(b));
        }
        if (v instanceof NnParser.ListValueContext l) {
            List<Ast.Value> items = new ArrayList<>();
            l.value().forEach(item -> items.add(value(item)));
            return new Ast.ListValue(List.copyOf(items), pos(l));
        }
        NnParser.CallValueContext c = (NnParser.CallValueContext) v;
        return new Ast.CallValue(call(c.call()), pos(c));
    }

    private Ast.Num number(TerminalNode node) {
        String text = node.getText();
        boolean whole = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        return new Ast.Num(text, Double.parseDouble(text), whole, pos(node));
    }

    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                c = quoted.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private Pos pos(TerminalNode node) {
        return parser.pos(node.getSymbol());
    }

    private Pos pos(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null || ctx.getStop().getTokenIndex() < ctx.getStart().getTokenIndex()
                ? ctx.getStart() : ctx.getStop();
        return parser.span(ctx.getStart(), stop);
    }
}
