package nnc.check;

import java.util.List;
import java.util.Map;
import nnc.model.Init;
import nnc.model.Loss;
import nnc.model.Optimizer;
import nnc.syntax.Ast;
import nnc.syntax.Reporter;

/** Resolves the named calls (loss, optimizer, initializer, ...) against the {@link Catalog} and checks their values. */
final class Calls {
    private final Reporter reporter;
    private final Values values;

    Calls(Reporter reporter, Values values) {
        this.reporter = reporter;
        this.values = values;
    }

    /** The call's arguments bound to the signature of its name, or null (reported) when the name is unknown. */
    <T> Map<String, Object> resolve(Catalog.Names<T> names, Ast.Call call) {
        Signature sig = names.signature(call.name());
        if (sig == null) {
            reporter.error(call.namePos(), Suggest.unknown(names.kind(), call.name(), names.names()));
            return null;
        }
        return sig.bind(call, values);
    }

    Loss loss(Ast.Call call) {
        Map<String, Object> a = resolve(Catalog.LOSSES, call);
        if (a == null) {
            return null;
        }
        Loss.Kind kind = Catalog.LOSSES.meaning(call.name());
        double delta = (Double) a.getOrDefault("delta", 1.0);
        double over = (Double) a.getOrDefault("over", 1.0);
        double under = (Double) a.getOrDefault("under", 1.0);
        if (delta <= 0) {
            reporter.error(call.pos(), "huber's delta must be greater than 0");
        }
        if (over < 0 || under < 0) {
            reporter.error(call.pos(), "asymmetric's over and under must not be negative");
        }
        return new Loss(kind, delta, over, under);
    }

    Optimizer optimizer(Ast.Call call) {
        Map<String, Object> a = resolve(Catalog.OPTIMIZERS, call);
        if (a == null) {
            return null;
        }
        double lr = num(a, "lr");
        if (!(lr > 0)) {
            reporter.error(call.pos(), "lr must be greater than 0");
        }
        requireFraction(call, a, "momentum", "rho", "beta1", "beta2");
        for (String p : List.of("eps", "tolerance", "weight_decay")) {
            if (num(a, p) < 0) {
                reporter.error(call.pos(), p + " must not be negative");
            }
        }
        return Catalog.OPTIMIZERS.meaning(call.name()).make(a);
    }

    private void requireFraction(Ast.Call call, Map<String, Object> a, String... names) {
        for (String p : names) {
            double v = num(a, p);
            if (a.containsKey(p) && !(v >= 0 && v < 1)) {
                reporter.error(call.pos(), p + " must be at least 0 and less than 1");
            }
        }
    }

    private static double num(Map<String, Object> a, String name) {
        Object v = a.get(name);
        return v instanceof Double d ? d : 0.0;
    }

    Init init(Ast.Call call) {
        Map<String, Object> a = resolve(Catalog.INITS, call);
        if (a == null) {
            return null;
        }
        Init.Kind kind = Catalog.INITS.meaning(call.name());
        return switch (kind) {
            case NORMAL -> {
                if (num(a, "std") < 0) {
                    reporter.error(call.pos(), "std must not be negative");
                }
                yield new Init(kind, num(a, "mean"), num(a, "std"));
            }
            case UNIFORM -> {
                if (!(num(a, "low") <= num(a, "high"))) {
                    reporter.error(call.pos(), "low must not be greater than high");
                }
                yield new Init(kind, num(a, "low"), num(a, "high"));
            }
            default -> Init.of(kind);
        };
    }
}
