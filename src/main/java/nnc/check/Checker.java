package nnc.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.model.Activation;
import nnc.model.Init;
import nnc.model.Layer;
import nnc.model.Memory;
import nnc.model.Loss;
import nnc.model.Network;
import nnc.model.Optimizer;
import nnc.model.TrainConfig;
import nnc.syntax.Ast;
import nnc.syntax.Pos;
import nnc.syntax.Reporter;

/**
 * Resolves names, sizes and shapes of a parsed model and builds the checked {@link Network}. Every problem is
 * reported (not only the first); {@link #check} returns null when there was any.
 */
public final class Checker {
    /**
     * The most dense layers a model may have: up to here every method the training loop calls stays under the JIT's
     * 8000-byte limit (the per-layer dispatch in the gradient reduction grows by 48 bytes a layer).
     */
    public static final int MAX_LAYERS = 150;
    /** Longest model name: it is also a file name ({@code Name.java}, {@code Name.class}), which most systems cap at 255 bytes. */
    public static final int MAX_NAME = 200;

    private final Reporter reporter;
    private final Values values;
    private final Calls calls;
    private final Path sourceDir;
    private final long memoryLimit;

    /**
     * @param sourceDir   folder against which relative paths resolve
     * @param memoryLimit bytes the network's arrays may take (normally the JVM's maximum heap)
     */
    public Checker(Reporter reporter, Path sourceDir, long memoryLimit) {
        this.reporter = reporter;
        this.values = new Values(reporter);
        this.calls = new Calls(reporter, values);
        this.sourceDir = sourceDir;
        this.memoryLimit = memoryLimit;
    }

    public Checker(Reporter reporter, Path sourceDir) {
        this(reporter, sourceDir, Runtime.getRuntime().maxMemory());
    }

    /** A dense statement together with the dropout (if any) written just before it. */
    private record DenseDecl(Ast.Dense ast, double inputDropout) {
    }

    public Network check(Ast.Model model) {
        int before = reporter.count();
        checkModelName(model);
        Map<String, Ast.Statement> seen = new HashMap<>();
        List<Integer> inputShape = null;
        List<DenseDecl> denses = new ArrayList<>();
        Ast.Dropout pendingDropout = null;
        double pendingRate = 0;
        Loss loss = null;
        Ast.Directive lossAst = null;
        Optimizer optimizer = null;
        Init modelInit = null;
        double l1 = 0;
        double l2 = 0;
        TrainConfig train = TrainConfig.defaults();
        TrainBlock trainBlock = null;
        boolean first = true;

        for (Ast.Statement st : model.statements()) {
            if (st instanceof Ast.Input in) {
                if (seen.containsKey("input")) {
                    once(st, "input", seen);
                } else {
                    seen.put("input", st);
                    if (!first) {
                        reporter.error(in.pos(), "'input' must be the first statement of the model");
                    }
                    inputShape = inputShape(in);
                }
            } else {
                if (st instanceof Ast.Dense d) {
                    if (denses.size() == MAX_LAYERS) {
                        reporter.error(d.pos(), "a model may have at most " + MAX_LAYERS + " dense layers");
                    }
                    denses.add(new DenseDecl(d, pendingRate));
                    pendingDropout = null;
                    pendingRate = 0;
                } else if (st instanceof Ast.Dropout d) {
                    if (pendingDropout != null) {
                        reporter.error(d.pos(), "two dropout statements in a row; combine them into one");
                    }
                    pendingDropout = d;
                    Double p = values.number(d.rate());
                    if (p != null && !(p >= 0 && p < 1)) {
                        reporter.error(d.rate().pos(), "dropout rate must be at least 0 and less than 1, but is "
                                + d.rate().text());
                    }
                    pendingRate = p == null ? 0 : p;
                } else if (st instanceof Ast.Train t) {
                    if (once(st, "train", seen)) {
                        trainBlock = new TrainBlock(values, sourceDir);
                        train = trainBlock.read(t.block());
                    }
                } else if (st instanceof Ast.Directive d) {
                    switch (d.keyword()) {
                        case "loss" -> {
                            if (once(st, "loss", seen)) {
                                lossAst = d;
                                loss = calls.loss(d.call());
                            }
                        }
                        case "optimizer" -> {
                            if (once(st, "optimizer", seen)) {
                                optimizer = calls.optimizer(d.call());
                            }
                        }
                        case "init" -> {
                            if (once(st, "init", seen)) {
                                modelInit = calls.init(d.call());
                            }
                        }
                        default -> {
                            Catalog.Names<String> regs = Catalog.REGULARIZERS;
                            Map<String, Object> args = calls.resolve(regs, d.call());
                            String kind = regs.meaning(d.call().name());
                            if (kind != null && once(st, "regularize " + kind, seen) && args != null) {
                                double lambda = (Double) args.get("lambda");
                                if (lambda < 0) {
                                    reporter.error(d.call().pos(), "lambda must not be negative");
                                }
                                if (kind.equals("l1")) {
                                    l1 = lambda;
                                } else {
                                    l2 = lambda;
                                }
                            }
                        }
                    }
                }
            }
            first = false;
        }
        if (pendingDropout != null) {
            reporter.error(pendingDropout.pos(), "dropout must be followed by a dense layer");
        }
        if (inputShape == null && !seen.containsKey("input")) {
            reporter.error(model.namePos(), "model '" + model.name() + "' has no 'input' statement");
        }
        if (denses.isEmpty()) {
            reporter.error(model.namePos(), "model '" + model.name() + "' has no dense layer");
        }
        if (inputShape == null || denses.isEmpty()) {
            requireLoss(model, lossAst, seen);
            checkLayersSyntaxOnly(denses);
            return null;
        }
        int inputs = inputShape.stream().reduce(1, (a, b) -> a * b);
        List<Layer> layers = layers(denses, inputs, modelInit);
        if (layers.size() != denses.size()) {
            return null;
        }
        if (trainBlock != null) {
            trainBlock.checkColumns(inputs, layers.get(layers.size() - 1).units());
        }
        checkStepRule(layers, denses);
        checkSoftmaxPlacement(layers, denses);
        Ast.Dense output = denses.get(denses.size() - 1).ast();
        if (output.activation() == null || Catalog.ACTIVATIONS.meaning(output.activation().name()) != null) {
            // (a misspelled output activation is reported already; the loss cannot be judged against it)
            checkLossFitsOutput(loss, lossAst, layers.get(layers.size() - 1));
        }
        checkTargets(model, train, trainBlock, loss, layers.get(layers.size() - 1), denses.get(denses.size() - 1));
        boolean anyTrainable = layers.stream().anyMatch(Layer::trainable);
        if (anyTrainable) {
            requireLoss(model, lossAst, seen);
        }
        if (optimizer == null && anyTrainable && !seen.containsKey("optimizer")) {
            reporter.error(model.namePos(), "model '" + model.name()
                    + "' has trainable layers but no 'optimizer' statement");
        }
        checkMemory(layers, denses, optimizer);
        if (reporter.count() > before) {
            return null;
        }
        boolean lossGiven = loss != null;
        Loss lossForCode = lossGiven ? loss : Loss.NONE;
        return new Network(model.name(), inputShape, List.copyOf(layers), lossForCode, optimizer, l1, l2, train,
                sourceDir, lossGiven);
    }

    /** A model that trains needs a loss; one whose layers are all frozen is only evaluated. */
    private void requireLoss(Ast.Model model, Ast.Directive lossAst, Map<String, Ast.Statement> seen) {
        if (lossAst == null && !seen.containsKey("loss")) {
            reporter.error(model.namePos(), "model '" + model.name() + "' has no 'loss' statement");
        }
    }

    private boolean once(Ast.Statement st, String what, Map<String, Ast.Statement> seen) {
        Ast.Statement previous = seen.putIfAbsent(what, st);
        if (previous != null) {
            reporter.error(st.pos(), "'" + what + "' is given twice (first at " + previous.pos().lineCol() + ")");
            return false;
        }
        return true;
    }

    private void checkModelName(Ast.Model model) {
        if (model.name().length() > MAX_NAME) {
            reporter.error(model.namePos(), "the model name is " + model.name().length() + " characters long; "
                    + "it names the generated class and its file, so it may have at most " + MAX_NAME);
        } else if (Catalog.JAVA_RESERVED.contains(model.name())) {
            reporter.error(model.namePos(), "model name '" + model.name()
                    + "' is a Java keyword or literal and cannot name the generated class");
        } else if (Catalog.GENERATED_CODE_PACKAGES.contains(model.name())) {
            reporter.error(model.namePos(), "model name '" + model.name() + "' would hide the package '"
                    + model.name() + "' that the generated code uses; choose another name");
        } else if (Catalog.GENERATED_CODE_NAMES.contains(model.name()) || isJavaLang(model.name())) {
            reporter.error(model.namePos(), "model name '" + model.name() + "' would hide the class of that name "
                    + "that the generated code uses; choose another name");
        }
    }

    /** A public class of java.lang: every Java file sees it by its simple name, which the model's class would hide. */
    private static boolean isJavaLang(String name) {
        try {
            Class<?> c = Class.forName("java.lang." + name, false, ClassLoader.getPlatformClassLoader());
            return java.lang.reflect.Modifier.isPublic(c.getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private List<Integer> inputShape(Ast.Input in) {
        List<Integer> dims = new ArrayList<>();
        long product = 1;
        for (Ast.Num n : in.dims()) {
            Integer d = values.whole(n);
            if (d == null) {
                return null;
            }
            if (d < 1) {
                reporter.error(n.pos(), "input size must be at least 1, but is " + d);
                return null;
            }
            product *= d;
            if (product > Integer.MAX_VALUE) {
                reporter.error(in.pos(), "input has more than " + Integer.MAX_VALUE + " features");
                return null;
            }
            dims.add(d);
        }
        return List.copyOf(dims);
    }

    /** Checks the parts of the dense statements that need no sizes, so their errors appear alongside others. */
    private void checkLayersSyntaxOnly(List<DenseDecl> denses) {
        for (DenseDecl d : denses) {
            values.whole(d.ast().units());
            if (d.ast().activation() != null) {
                calls.resolve(Catalog.ACTIVATIONS, d.ast().activation());
            }
        }
    }

    private List<Layer> layers(List<DenseDecl> denses, int inputs, Init modelInit) {
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int i = 0; i < denses.size(); i++) {
            Ast.Dense d = denses.get(i).ast();
            Integer units = values.whole(d.units());
            if (units != null && units < 1) {
                reporter.error(d.units().pos(), "a dense layer needs at least 1 neuron, but has " + units);
                units = null;
            }
            Activation act = Activation.IDENTITY;
            double alpha = 0;
            if (d.activation() != null) {
                Map<String, Object> a = calls.resolve(Catalog.ACTIVATIONS, d.activation());
                Activation resolved = Catalog.ACTIVATIONS.meaning(d.activation().name());
                if (resolved != null) {
                    act = resolved;
                }
                if (a != null && a.containsKey("alpha")) {
                    alpha = (Double) a.get("alpha");
                }
            }
            if (units == null) {
                in = -1;
                continue;
            }
            LayerBlock block = new LayerBlock(values, calls::init);
            block.read(d.block(), units, in);
            Init init = block.init != null ? block.init
                    : modelInit != null ? modelInit
                    : Init.of(act.prefersHeInit() ? Init.Kind.HE : Init.Kind.XAVIER);
            if (in > 0) {
                layers.add(new Layer(i, in, units, act, alpha, init, block.weights, block.bias, block.trainable,
                        block.biasTerm, denses.get(i).inputDropout(), d.pos().line()));
            }
            in = units;
        }
        return layers;
    }

    private void checkStepRule(List<Layer> layers, List<DenseDecl> denses) {
        int lastStep = -1;
        for (Layer l : layers) {
            if (l.activation() == Activation.STEP) {
                lastStep = l.index();
            }
        }
        for (int i = 0; i <= lastStep; i++) {
            if (layers.get(i).trainable()) {
                Ast.Dense d = denses.get(i).ast();
                String why = i == lastStep ? "it uses 'step', which has no usable gradient"
                        : "a later layer (line " + layers.get(lastStep).line() + ") uses 'step', which has no "
                        + "usable gradient to pass back";
                reporter.error(d.activation() != null ? d.activation().pos() : d.units().pos(),
                        "layer " + (i + 1) + " must be frozen with 'trainable = false': " + why);
            }
        }
    }

    private void checkSoftmaxPlacement(List<Layer> layers, List<DenseDecl> denses) {
        for (int i = 0; i < layers.size() - 1; i++) {
            if (layers.get(i).activation() == Activation.SOFTMAX) {
                reporter.error(denses.get(i).ast().activation().namePos(),
                        "softmax is only allowed on the output layer");
            }
        }
    }

    private void checkLossFitsOutput(Loss loss, Ast.Directive lossAst, Layer out) {
        if (loss == null) {
            return;
        }
        String has = "the output layer is '" + out.activation().canonicalName() + "' with " + out.units()
                + (out.units() == 1 ? " unit" : " units");
        if (loss.kind() == Loss.Kind.CROSS_ENTROPY
                && (out.activation() != Activation.SOFTMAX || out.units() < 2)) {
            reporter.error(lossAst.call().namePos(),
                    "cross_entropy needs a softmax output layer with at least 2 units, but " + has);
        }
        if (loss.kind() == Loss.Kind.BINARY_CROSS_ENTROPY && out.activation() != Activation.SIGMOID) {
            reporter.error(lossAst.call().namePos(), "binary_cross_entropy needs a sigmoid output layer, but " + has);
        }
    }

    /**
     * One output unit per target column: a regression model with K outputs lists K target columns; several columns
     * on a classification task are independent 0/1 labels, which binary_cross_entropy fits. A model that names
     * neither data nor target is checked when its data arrives ({@code --data}).
     */
    private void checkTargets(Ast.Model model, TrainConfig train, TrainBlock block, Loss loss, Layer out,
                              DenseDecl outDecl) {
        if (block != null && block.targetBad) {
            return;
        }
        int k = train.target().size();
        boolean builtin = train.data() != null && train.data().isBuiltin();
        Network.Task task = train.task() != null ? train.task()
                : loss != null && loss.impliesClassification() || builtin ? Network.Task.CLASSIFICATION
                : Network.Task.REGRESSION;
        boolean named = block != null && block.targetPos != null;
        Pos at = named ? block.targetPos : outDecl.ast().units().pos();
        String units = out.units() + (out.units() == 1 ? " unit" : " units");
        if (task == Network.Task.REGRESSION && k != out.units() && (train.data() != null || named)) {
            reporter.error(at, k == 1
                    ? "a regression model has one target column per output, but the output layer (line " + out.line()
                            + ") has " + units + " and the train block names 1 target column: list them, "
                            + "e.g. target = [" + exampleTargets(out.units()) + "]"
                    : "the train block lists " + k + " target columns but the output layer (line " + out.line()
                            + ") has " + units + ": one output unit per target column");
        }
        if (task == Network.Task.CLASSIFICATION && k > 1) {
            if (builtin) {
                reporter.error(at, "the built-in data set '" + train.data().builtin() + "' has one target column");
            } else if (loss != null && loss.kind() != Loss.Kind.BINARY_CROSS_ENTROPY) {
                reporter.error(at, "several target columns of a classification model are independent 0/1 labels,"
                        + " which need binary_cross_entropy (the loss is " + loss.displayName() + ")");
            } else if (k != out.units()) {
                reporter.error(at, "the train block lists " + k + " target columns but the output layer (line "
                        + out.line() + ") has " + units + ": one output unit per 0/1 label");
            }
        }
        if (task == Network.Task.CLASSIFICATION && train.scalesTarget() && block != null) {
            reporter.error(block.normalizeTargetPos, "normalize_target scales regression targets; this model "
                    + "classifies (class labels are never scaled)");
        }
    }

    private static String exampleTargets(int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(k, 3); i++) {
            names.add("y" + i);
        }
        return String.join(", ", names) + (k > 3 ? ", …" : "");
    }

    /**
     * Refuses a network whose arrays cannot fit: parameters, gradients, a transposed copy used by the fast
     * kernels, and the optimizer's state, all float64.
     */
    private void checkMemory(List<Layer> layers, List<DenseDecl> denses, Optimizer optimizer) {
        long params = 0;
        int biggest = 0;
        for (Layer l : layers) {
            params += l.parameterCount();
            if (l.parameterCount() > layers.get(biggest).parameterCount()) {
                biggest = l.index();
            }
        }
        int state = optimizer == null ? 0 : optimizer.stateArrays();
        double bytes = params * 8.0 * (3 + state);
        if (Memory.tooMuch(bytes, memoryLimit)) {
            reporter.error(denses.get(biggest).ast().pos(), String.format(
                    "the model has %,d parameters; with their gradients and optimizer state they need %s", params,
                    Memory.needs(bytes, memoryLimit)));
        }
    }
}
