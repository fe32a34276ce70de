package nnc.check;

import nnc.syntax.Ast;
import nnc.syntax.Pos;
import nnc.syntax.Reporter;

/** Converts AST values to Java values, reporting what is wrong at the value's position. */
final class Values {
    private final Reporter reporter;

    Values(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Errors reported so far (by every stage). */
    int errorCount() {
        return reporter.count();
    }

    void error(Pos pos, String message) {
        reporter.error(pos, message);
    }

    /** A finite number, or null (reported). */
    Double number(Ast.Value v) {
        if (!(v instanceof Ast.Num n)) {
            error(v.pos(), "expected a number but found " + describe(v));
            return null;
        }
        if (Double.isInfinite(n.value())) {
            error(n.pos(), "number " + n.text() + " is too large (it does not fit in a double)");
            return null;
        }
        return n.value();
    }

    /** A whole number that fits in an int, written without '.' or exponent, or null (reported). */
    Integer whole(Ast.Value v) {
        if (!(v instanceof Ast.Num n)) {
            error(v.pos(), "expected a whole number but found " + describe(v));
            return null;
        }
        return whole(n);
    }

    Integer whole(Ast.Num n) {
        if (!n.wholeForm()) {
            error(n.pos(), "expected a whole number but found " + n.text());
            return null;
        }
        if (Double.isInfinite(n.value()) || Math.abs(n.value()) > Integer.MAX_VALUE) {
            error(n.pos(), "number " + abbreviate(n.text()) + " is too large (the limit is " + Integer.MAX_VALUE + ")");
            return null;
        }
        return (int) n.value();
    }

    /** A whole number that fits in a long, or null (reported). */
    Long wholeLong(Ast.Value v) {
        if (!(v instanceof Ast.Num n) || !n.wholeForm()) {
            error(v.pos(), "expected a whole number but found " + (v instanceof Ast.Num n ? abbreviate(n.text())
                    : describe(v)));
            return null;
        }
        try {
            return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            error(n.pos(), "number " + abbreviate(n.text()) + " is too large (the limit is " + Long.MAX_VALUE + ")");
            return null;
        }
    }

    Boolean bool(Ast.Value v) {
        if (v instanceof Ast.Bool b) {
            return b.value();
        }
        error(v.pos(), "expected true or false but found " + describe(v));
        return null;
    }

    static String describe(Ast.Value v) {
        if (v instanceof Ast.Num n) {
            return "number " + abbreviate(n.text());
        }
        if (v instanceof Ast.Str) {
            return "a string";
        }
        if (v instanceof Ast.Bool b) {
            return String.valueOf(b.value());
        }
        if (v instanceof Ast.ListValue) {
            return "a list";
        }
        return "'" + ((Ast.CallValue) v).call().name() + "'";
    }

    static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "..." : s;
    }
}
