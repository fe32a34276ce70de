package nnc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.model.Network;
import nnc.model.TrainConfig.Normalize;
import nnc.model.TrainConfig.Target;
import org.junit.jupiter.api.Test;

/**
 * Target lists, normalize_target and frozen models without a loss, at check time. Positions were counted by hand
 * in the text next to them (1-based columns).
 */
class TargetsCheckTest {
    /** Lines 1-3: "model M {", "    input 3", "    dense 3" (units '3' at 3:11). */
    private static final String HEAD = "model M {\n    input 3\n    dense 3\n";

    private static List<String> errors(String text) {
        Frontend.Result r = Frontend.compile("t.nn", text);
        assertFalse(r.ok(), "expected errors");
        return r.reporter().diagnostics().stream()
                .map(d -> d.pos().line() + ":" + d.pos().column() + ":" + d.pos().length() + " " + d.message())
                .toList();
    }

    private static Network ok(String text) {
        Frontend.Result r = Frontend.compile("t.nn", text);
        assertTrue(r.ok(), () -> r.reporter().render(r.source()));
        return r.network();
    }

    @Test
    void aListNamesOneColumnPerOutputByNameIndexOrPosition() {
        Network n = ok((HEAD + "    loss mse\n    optimizer sgd\n"
                + "    train { data = \"d.csv\"; target = [y0, \"y 1\", 4, last]; normalize_target = minmax }\n}\n")
                .replace("dense 3", "dense 4"));
        assertEquals(List.of(new Target(Target.Kind.HEADER, -1, "y0"), new Target(Target.Kind.HEADER, -1, "y 1"),
                new Target(Target.Kind.INDEX, 4, null), Target.LAST), n.train().target());
        assertEquals(Normalize.Kind.MINMAX, n.train().normalizeTarget().kind());
    }

    @Test
    void aRegressionModelWithSeveralOutputsAndOneTargetIsRefused() {
        // line 6: "    train { data = \"d.csv\" }" -> no target: the caret is under the output layer's units (3:11)
        assertEquals(List.of("3:11:1 a regression model has one target column per output, but the output layer "
                        + "(line 3) has 3 units and the train block names 1 target column: list them, e.g. "
                        + "target = [y0, y1, y2]"),
                errors(HEAD + "    loss mse\n    optimizer sgd\n    train { data = \"d.csv\" }\n}\n"));
        // line 6: "    train { data = \"d.csv\"; target = [a, b] }" -> '[' at column 38, the list is 6 long
        assertEquals(List.of("6:38:6 the train block lists 2 target columns but the output layer (line 3) has 3 "
                        + "units: one output unit per target column"),
                errors(HEAD + "    loss mse\n    optimizer sgd\n    train { data = \"d.csv\"; target = [a, b] }\n}\n"));
    }

    @Test
    void listsOfLabelsNeedBinaryCrossEntropyAndOneUnitEach() {
        String text = "model M {\n    input 3\n    dense 2 softmax\n    loss cross_entropy\n    optimizer sgd\n"
                + "    train { data = \"d.csv\"; target = [a, b] }\n}\n";
        assertEquals(List.of("6:38:6 several target columns of a classification model are independent 0/1 labels, "
                + "which need binary_cross_entropy (the loss is cross_entropy)"), errors(text));
        ok(text.replace("softmax", "sigmoid").replace("loss cross_entropy", "loss binary_cross_entropy"));
        assertEquals(List.of("6:38:6 the train block lists 2 target columns but the output layer (line 3) has 3 "
                        + "units: one output unit per 0/1 label"),
                errors(text.replace("dense 2 softmax", "dense 3 sigmoid")
                        .replace("loss cross_entropy", "loss binary_cross_entropy")));
    }

    @Test
    void badTargetListsAndTargetNormalizations() {
        String head = "model M {\n    input 3\n    dense 2\n    loss mse\n    optimizer sgd\n";
        // line 6: "    train { target = [a, a] }" -> the second 'a' at column 26; no follow-on error
        assertEquals(List.of("6:26:1 target column 'a' is listed twice"),
                errors(head + "    train { target = [a, a] }\n}\n"));
        // line 6: "    train { normalize_target = stnadard }" -> 'stnadard' at column 32
        assertEquals(List.of("6:32:8 unknown target normalization 'stnadard'; did you mean 'standard'?"),
                errors(head + "    train { normalize_target = stnadard }\n}\n"));
        // a classification model's labels are never scaled: the caret is under 'standard' (6:44)
        assertEquals(List.of("6:44:8 normalize_target scales regression targets; this model classifies (class "
                        + "labels are never scaled)"),
                errors(head.replace("dense 2", "dense 2 softmax").replace("mse", "cross_entropy")
                        + "    train { data = xor; normalize_target = standard }\n}\n"));
    }

    @Test
    void aFrozenModelNeedsNoLossButATrainableOneDoes() {
        Network n = ok("model X {\n    input 2\n    dense 1 step { weights = [[1, 1]]; bias = [-1.5]; "
                + "trainable = false }\n    train { data = and }\n}\n");
        assertFalse(n.lossGiven());
        assertEquals(Network.Task.CLASSIFICATION, n.task(true));
        assertEquals(List.of("1:7:1 model 'M' has no 'loss' statement"),
                errors("model M {\n    input 2\n    dense 1 sigmoid\n    optimizer sgd\n}\n"));
    }
}
