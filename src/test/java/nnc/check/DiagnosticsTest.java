package nnc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.syntax.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * One test per kind of diagnostic. Each expected line:column was counted by hand in the source text written
 * next to it (columns are 1-based; the caret length is the offending token's length).
 */
class DiagnosticsTest {
    private static final String HEAD = "model M {\n    input 4\n";   // lines 1-2

    /** Checks {@code text} and returns its diagnostics as "line:col:length message". */
    private static List<String> errors(String text) {
        Frontend.Result r = Frontend.compile("t.nn", text);
        assertFalse(r.ok(), "expected errors");
        return r.reporter().diagnostics().stream().map(DiagnosticsTest::format).toList();
    }

    private static String format(Diagnostic d) {
        return d.pos().line() + ":" + d.pos().column() + ":" + d.pos().length() + " " + d.message();
    }

    private static void assertSingle(String expected, String text) {
        assertEquals(List.of(expected), errors(text));
    }

    @Test
    void unknownActivationSuggestsTheClosestName() {
        // line 3: "    dense 32 rleu" -> 'rleu' starts at column 14
        assertSingle("3:14:4 unknown activation 'rleu'; did you mean 'relu'?",
                HEAD + "    dense 32 rleu\n    dense 3 softmax\n    loss cross_entropy\n    optimizer sgd\n}\n");
    }

    @Test
    void unknownNameWithNothingCloseListsTheKnownOnes() {
        List<String> e = errors(HEAD + "    dense 3 softmax\n    loss hinge_squared\n    optimizer sgd\n}\n");
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("4:10:13 unknown loss 'hinge_squared' (known: cross_entropy, "), e.get(0));
    }

    @Test
    void aliasesResolve() {
        Frontend.Result r = Frontend.compile("t.nn", HEAD + "    dense 3 swish\n    dense 2 logistic\n"
                + "    loss mse\n    optimizer sgd\n    init kaiming\n}\n");
        assertTrue(r.ok(), () -> r.reporter().render(r.source()));
        assertEquals("silu", r.network().layers().get(0).activation().canonicalName());
        assertEquals("sigmoid", r.network().layers().get(1).activation().canonicalName());
    }

    @Test
    void parameterGivenTwice() {
        // line 5: "    optimizer sgd(lr = 0.1, lr = 0.2)": second 'lr' at column 29
        assertSingle("5:29:2 parameter 'lr' of optimizer 'sgd' is given twice",
                HEAD + "    dense 3 softmax\n    loss cross_entropy\n    optimizer sgd(lr = 0.1, lr = 0.2)\n}\n");
    }

    @Test
    void positionalAfterNamed() {
        // line 5: "    optimizer sgd(momentum = 0.9, 0.1)": '0.1' at column 35
        assertSingle("5:35:3 a positional argument cannot follow a named one",
                HEAD + "    dense 3 softmax\n    loss cross_entropy\n    optimizer sgd(momentum = 0.9, 0.1)\n}\n");
    }

    @Test
    void unknownParameterSuggests() {
        // line 5: "    optimizer adam(lr = 0.1, beta = 0.9)": 'beta' at column 30
        assertSingle("5:30:4 unknown parameter 'beta' of optimizer 'adam'; did you mean 'beta1'?",
                HEAD + "    dense 3 softmax\n    loss cross_entropy\n    optimizer adam(lr = 0.1, beta = 0.9)\n}\n");
    }

    @Test
    void tooManyPositionalArguments() {
        // line 4: "    loss huber(1.0, 2.0)": '2.0' at column 21
        assertSingle("4:21:3 loss 'huber' takes 1 argument (delta) but more were given",
                HEAD + "    dense 1\n    loss huber(1.0, 2.0)\n    optimizer sgd\n}\n");
    }

    @Test
    void inputMustComeFirstAndOnce() {
        // line 2: "    dense 3 relu"; line 3: "    input 4" (7 chars from column 5); line 4: "    input 5"
        assertEquals(List.of("3:5:7 'input' must be the first statement of the model",
                        "4:5:7 'input' is given twice (first at 3:5)"),
                errors("model M {\n    dense 3 relu\n    input 4\n    input 5\n    loss mse\n    optimizer sgd\n}\n"));
    }

    @Test
    void missingInputDenseAndLoss() {
        // the model name 'M' at 1:7; errors at one position are ordered by their text
        assertEquals(List.of("1:7:1 model 'M' has no 'input' statement", "1:7:1 model 'M' has no 'loss' statement",
                "1:7:1 model 'M' has no dense layer"), errors("model M {\n    optimizer sgd\n}\n"));
    }

    @Test
    void statementGivenTwice() {
        // line 6: "    loss mae" spans columns 5-12
        assertSingle("6:5:8 'loss' is given twice (first at 5:5)",
                HEAD + "    dense 1\n    optimizer sgd\n    loss mse\n    loss mae\n}\n");
    }

    @Test
    void regularizeOncePerKind() {
        // line 6: "    regularize l1(0.1)" is fine next to l2; line 7 repeats l2 (18 chars)
        assertSingle("7:5:18 'regularize l2' is given twice (first at 5:5)",
                HEAD + "    dense 1\n    loss mse\n    regularize l2(0.1)\n    regularize l1(0.1)\n"
                        + "    regularize l2(0.2)\n    optimizer sgd\n}\n");
    }

    @Test
    void wholeNumbersRequired() {
        // line 3: "    dense 32.0 relu" ('32.0' at 11); line 4: "    dense 3e1" ('3e1' at 11)
        assertEquals(List.of("3:11:4 expected a whole number but found 32.0",
                        "4:11:3 expected a whole number but found 3e1"),
                errors(HEAD + "    dense 32.0 relu\n    dense 3e1\n    loss mse\n    optimizer sgd\n}\n"));
    }

    @Test
    void numbersThatOverflow() {
        // line 3: "    dense 99999999999" ('99999999999' at 11, 11 chars); line 5: "    optimizer sgd(lr = 1e999)"
        // ('1e999' at 24)
        assertEquals(List.of("3:11:11 number 99999999999 is too large (the limit is 2147483647)",
                        "5:24:5 number 1e999 is too large (it does not fit in a double)"),
                errors(HEAD + "    dense 99999999999\n    loss mse\n    optimizer sgd(lr = 1e999)\n}\n"));
    }

    @Test
    void modelNameMustNotBeAJavaKeyword() {
        assertSingle("1:7:5 model name 'class' is a Java keyword or literal and cannot name the generated class",
                "model class {\n    input 4\n    dense 1\n    loss mse\n    optimizer sgd\n}\n");
        assertSingle("1:7:4 model name 'null' is a Java keyword or literal and cannot name the generated class",
                "model null {\n    input 4\n    dense 1\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void modelNameMustNotHideAClassTheGeneratedCodeUses() {
        assertSingle("1:7:4 model name 'Math' would hide the class of that name that the generated code uses; "
                        + "choose another name",
                "model Math {\n    input 4\n    dense 1\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void weightRowsMustMatchNeurons() {
        // line 3: "    dense 2 { weights = [[1, 2, 3, 4]] }": the list starts at column 25, 14 chars
        assertSingle("3:25:14 weights has 1 rows but the layer has 2 neurons (one row per neuron)",
                HEAD + "    dense 2 { weights = [[1, 2, 3, 4]] }\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void weightColumnsMustMatchInputs() {
        // line 3: "    dense 1 { weights = [[1, 2, 3]] }": the row starts at column 26, 9 chars
        assertSingle("3:26:9 row 1 of weights has 3 values but the layer has 4 inputs (one value per input)",
                HEAD + "    dense 1 { weights = [[1, 2, 3]] }\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void biasSizeMustMatchNeurons() {
        // line 3: "    dense 2 { bias = [1] }": '[1]' at column 22
        assertSingle("3:22:3 bias has 1 value but the layer has 2 neurons (one value per neuron)",
                HEAD + "    dense 2 { bias = [1] }\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void stepLayersMustBeFrozen() {
        // line 3: "    dense 2 step": 'step' at column 13
        assertSingle("3:13:4 layer 1 must be frozen with 'trainable = false': it uses 'step', which has no usable "
                        + "gradient",
                HEAD + "    dense 2 step\n    dense 1\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void layersBeforeAStepLayerMustBeFrozen() {
        // line 3: "    dense 2 relu" ('relu' at 13); line 4 is the frozen step layer
        assertSingle("3:13:4 layer 1 must be frozen with 'trainable = false': a later layer (line 4) uses 'step', "
                        + "which has no usable gradient to pass back",
                HEAD + "    dense 2 relu\n    dense 2 step { trainable = false }\n    dense 1\n    loss mse\n"
                        + "    optimizer sgd\n}\n");
    }

    @Test
    void softmaxOnlyOnTheOutputLayer() {
        // line 3: "    dense 3 softmax": 'softmax' at column 13
        assertSingle("3:13:7 softmax is only allowed on the output layer",
                HEAD + "    dense 3 softmax\n    dense 1\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void crossEntropyNeedsSoftmaxWithTwoUnits() {
        // line 4: "    loss cross_entropy": name at column 10
        assertSingle("4:10:13 cross_entropy needs a softmax output layer with at least 2 units, but the output layer"
                        + " is 'sigmoid' with 1 unit",
                HEAD + "    dense 1 sigmoid\n    loss cross_entropy\n    optimizer sgd\n}\n");
    }

    @Test
    void binaryCrossEntropyNeedsSigmoid() {
        assertSingle("4:10:20 binary_cross_entropy needs a sigmoid output layer, but the output layer is 'tanh' "
                        + "with 1 unit",
                HEAD + "    dense 1 tanh\n    loss binary_cross_entropy\n    optimizer sgd\n}\n");
    }

    @Test
    void dropoutRateRange() {
        // line 3: "    dropout 1.5": '1.5' at column 13
        assertSingle("3:13:3 dropout rate must be at least 0 and less than 1, but is 1.5",
                HEAD + "    dropout 1.5\n    dense 1\n    loss mse\n    optimizer sgd\n}\n");
    }

    @Test
    void dropoutMustBeFollowedByADenseLayer() {
        assertSingle("5:5:11 dropout must be followed by a dense layer",
                HEAD + "    dense 1\n    loss mse\n    dropout 0.5\n    optimizer sgd\n}\n");
    }

    @Test
    void trainBlockKeysAndValues() {
        // line 6: "    train { epoch = 3; batch = 2.5; data = digit; shuffle = 1 }"
        //   'epoch' at 13, '2.5' at 32, 'digit' at 44, '1' at 61
        assertEquals(List.of("6:13:5 unknown key 'epoch' in the train block; did you mean 'epochs'?",
                        "6:32:3 expected a whole number but found 2.5",
                        "6:44:5 unknown data set 'digit'; did you mean 'digits'? (a CSV file is written as a path in "
                                + "quotes)",
                        "6:61:1 expected true or false but found number 1"),
                errors(HEAD + "    dense 1\n    loss mse\n    optimizer sgd\n"
                        + "    train { epoch = 3; batch = 2.5; data = digit; shuffle = 1 }\n}\n"));
    }

    @Test
    void earlyStopNeedsValidation() {
        // line 6: "    train { early_stop = 5 }": 'early_stop' at column 13
        assertSingle("6:13:10 early_stop watches the validation loss: it needs 'validation' greater than 0",
                HEAD + "    dense 1\n    loss mse\n    optimizer sgd\n    train { early_stop = 5 }\n}\n");
    }

    @Test
    void keyGivenTwiceInABlock() {
        // line 3: "    dense 1 { trainable = false; trainable = true }": keys at columns 15 and 34
        assertSingle("3:34:9 'trainable' is given twice in a dense block (first at 3:15)",
                HEAD + "    dense 1 { trainable = false; trainable = true }\n    loss mse\n}\n");
    }

    @Test
    void trainableLayersNeedAnOptimizer() {
        assertSingle("1:7:1 model 'M' has trainable layers but no 'optimizer' statement",
                HEAD + "    dense 1\n    loss mse\n}\n");
    }

    @Test
    void frozenModelsNeedNoOptimizer() {
        Frontend.Result r = Frontend.compile("t.nn", HEAD + "    dense 1 { trainable = false }\n    loss mse\n}\n");
        assertTrue(r.ok(), () -> r.reporter().render(r.source()));
    }

    @Test
    void modelTooLargeForTheHeapIsRefusedWithItsParameterCount() {
        // line 3: "    dense 100000" (12 chars from column 5)
        List<String> e = errors("model M {\n    input 100000\n    dense 100000\n    loss mse\n    optimizer adam\n}\n");
        assertEquals(1, e.size());
        assertTrue(e.get(0).startsWith("3:5:12 the model has 10,000,100,000 parameters"), e.get(0));
    }

    @Test
    void everyErrorIsReportedInSourceOrder() {
        List<String> e = errors(HEAD + "    dense 3 rleu\n    dense 2 sofmax\n    loss mse\n    optimizer sgd(lrr = 1)\n"
                + "}\n");
        assertEquals(3, e.size());
        assertTrue(e.get(0).startsWith("3:13:"));
        assertTrue(e.get(1).startsWith("4:13:"));
        assertTrue(e.get(2).startsWith("6:19:"));
    }

    @Test
    void renderedLikeJavac() {
        Frontend.Result r = Frontend.compile("models/bad.nn",
                "model M {\n    input 4\n    dense 32 rleu\n    loss mse\n    optimizer sgd\n}\n");
        assertEquals("""
                models/bad.nn:3:14: error: unknown activation 'rleu'; did you mean 'relu'?
                        dense 32 rleu
                                 ^^^^
                1 error
                """, r.reporter().render(r.source()));
    }
}
