package nnc.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.syntax.Ast;

/** The parameters a named thing (activation, loss, optimizer, ...) takes, in positional order. */
record Signature(String kind, String name, List<Param> params) {

    /** A parameter; {@code defaultValue} null means the parameter is required. */
    record Param(String name, Type type, Object defaultValue) {
    }

    enum Type { NUMBER, WHOLE, BOOL }

    static Signature of(String kind, String name, Param... params) {
        return new Signature(kind, name, List.of(params));
    }

    static Param num(String name, Double def) {
        return new Param(name, Type.NUMBER, def);
    }

    static Param whole(String name, Integer def) {
        return new Param(name, Type.WHOLE, def);
    }

    static Param bool(String name, boolean def) {
        return new Param(name, Type.BOOL, def);
    }

    List<String> paramNames() {
        return params.stream().map(Param::name).toList();
    }

    /**
     * Binds a call's arguments: positional in order, then named; every problem is reported. Returns the value
     * of every parameter (defaults filled in), or null if any argument was wrong.
     */
    Map<String, Object> bind(Ast.Call call, Values values) {
        Map<String, Object> bound = new LinkedHashMap<>();
        Map<String, Ast.Value> given = new LinkedHashMap<>();
        boolean ok = true;
        boolean seenNamed = false;
        int position = 0;
        for (Ast.Arg arg : call.args()) {
            String pname;
            if (arg.name() == null) {
                if (seenNamed) {
                    values.error(arg.value().pos(), "a positional argument cannot follow a named one");
                    ok = false;
                    continue;
                }
                if (position >= params.size()) {
                    values.error(arg.value().pos(), describe() + " takes " + countWords() + " but more were given");
                    ok = false;
                    continue;
                }
                pname = params.get(position++).name();
            } else {
                seenNamed = true;
                pname = arg.name();
                if (!paramNames().contains(pname)) {
                    values.error(arg.namePos(), params.isEmpty()
                            ? describe() + " takes no parameters"
                            : Suggest.unknown("parameter", pname, " of " + describe(), paramNames()));
                    ok = false;
                    continue;
                }
            }
            if (given.containsKey(pname)) {
                values.error(arg.name() == null ? arg.value().pos() : arg.namePos(),
                        "parameter '" + pname + "' of " + describe() + " is given twice");
                ok = false;
                continue;
            }
            given.put(pname, arg.value());
        }
        for (Param p : params) {
            Ast.Value v = given.get(p.name());
            if (v == null) {
                if (p.defaultValue() == null) {
                    values.error(call.pos(), describe() + " needs a value for '" + p.name() + "'");
                    ok = false;
                }
                bound.put(p.name(), p.defaultValue());
                continue;
            }
            Object converted = switch (p.type()) {
                case NUMBER -> values.number(v);
                case WHOLE -> values.whole(v);
                case BOOL -> values.bool(v);
            };
            ok &= converted != null;
            bound.put(p.name(), converted);
        }
        return ok ? bound : null;
    }

    private String describe() {
        return kind + " '" + name + "'";
    }

    private String countWords() {
        return params.size() == 1 ? "1 argument (" + params.get(0).name() + ")"
                : params.size() + " arguments (" + String.join(", ", paramNames()) + ")";
    }

    static List<String> names(List<Signature> list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add(s.name()));
        return out;
    }
}
