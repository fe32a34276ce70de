package nnc.cli;

import java.util.List;
import java.util.Locale;
import nnc.api.GradientCheck;
import nnc.api.Model;
import nnc.model.Network;
import nnc.model.UserError;
import nnc.train.GradCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gradcheck", mixinStandardHelpOptions = true, description = "Compare the generated backward pass with central differences.")
final class GradcheckCommand extends ModelCommand {
    @Option(names = "--tolerance", paramLabel = "T",
            description = "largest relative error accepted (default: 1e-6; 1e-4 for a float32 model)")
    Double given;

    /**
     * The default tolerance for a float32 class: its gradients carry float rounding (2⁻²⁴ ≈ 6e-8 per operation,
     * compounded over a forward and backward pass), about 1e-6 to 1e-5 relative to a layer's largest entry.
     */
    static final double FLOAT32_TOLERANCE = 1e-4;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "4",
            description = "rows of the batch the loss is taken over (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--max-entries", paramLabel = "N", defaultValue = "300",
            description = "entries compared per layer; larger layers are sampled (default: ${DEFAULT-VALUE})")
    int maxEntries;

    @Override
    public Integer call() {
        positive("--samples", samples);
        positive("--max-entries", maxEntries);
        if (given != null && !(given > 0)) {
            throw UserError.usage("--tolerance must be greater than 0");
        }
        Network net = load();
        boolean single = net.train().precision() == nnc.model.Precision.FLOAT32;
        double tolerance = given != null ? given : single ? FLOAT32_TOLERANCE : 1e-6;
        if (!net.anyTrainable()) {
            main.out.println(model + ": every layer is frozen; there is no gradient to check");
            return 0;
        }
        GradientCheck check = Session.call(() -> Model.of(net, model.toString()).gradientCheck(samples, maxEntries),
                main.err);
        String from = check.batch();
        List<GradCheck.LayerResult> results = check.layers();
        main.out.printf(Locale.ROOT, "gradcheck %s: %d samples (%s), tolerance %.1e%n", net.name(), samples, from,
                tolerance);
        if (single) {
            main.out.println("  float32: the float32 class's gradients against central differences taken in float64"
                    + " at the same weights");
        }
        double worst = 0;
        int unresolved = 0;
        for (GradCheck.LayerResult r : results) {
            String skipped = r.kinks() > 0 ? ", " + r.kinks() + " skipped at kinks" : "";
            if (r.error() > tolerance && r.belowResolution()) {
                main.out.printf(Locale.ROOT, "  %-8s below what central differences resolve: gradients up to %.1e "
                        + "differ by at most %.1e, within rounding (%.1e)  (%d entries%s)%n", r.name(), r.largest(),
                        r.difference(), r.resolution(), r.checked(), skipped);
                unresolved++;
                continue;
            }
            main.out.printf(Locale.ROOT, "  %-8s max relative error %.3e  (%d entries%s)  %s%n", r.name(), r.error(),
                    r.checked(), skipped, r.error() <= tolerance ? "ok" : "FAILED");
            worst = Math.max(worst, r.error());
        }
        if (unresolved > 0) {
            main.out.printf(Locale.ROOT, "  %d layer%s not checked: %s gradients are too small for central "
                    + "differences to measure (vanishing gradients), which is no sign of a wrong backward pass%n",
                    unresolved, unresolved == 1 ? "" : "s", unresolved == 1 ? "its" : "their");
        }
        if (worst > tolerance) {
            main.err.printf(Locale.ROOT, "nnc: gradcheck failed: largest relative error %.3e is above %.1e%n", worst,
                    tolerance);
            return 1;
        }
        return 0;
    }
}
