package nnc.report;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import java.util.StringJoiner;
import nnc.data.Normalizer;
import nnc.data.Targets;
import nnc.model.Activation;
import nnc.model.Functions;
import nnc.model.Layer;
import nnc.model.Network;

/**
 * A trained network as an ONNX model (opset {@value #OPSET}), built with the ONNX protobuf classes: the input
 * normalization {@code (x − offset) · scale}, then every dense layer as a {@code Gemm} and its activation, in
 * float64 (float32 for a {@code precision = float32} network: FLOAT tensors). Input {@code input} is {@code [N, inputs]} with a symbolic batch dimension {@code N}; output
 * {@code output} is {@code [N, units]} (probabilities for a classifier, values for regression in the targets' own
 * units: scaled targets are mapped back as {@code y / scale + offset}), and a single-label classifier also has
 * {@code label}, the predicted class of each row as int64 {@code [N]}. The metadata holds the model name, the
 * task, the target names, the classes and the normalization kind.
 *
 * <p>Activations that ONNX has no float64 kernel for in common runtimes are written as compositions of
 * elementary operators that follow nnc's own formulas: leaky_relu and elu as {@code Where}, gelu (tanh form),
 * silu ({@code s / (1 + e^−s)}), softplus ({@code max(s, 0) + ln(1 + e^−|s|)}), selu ({@code Where}, with
 * nnc's λ and α in float64: the {@code Selu} operator's attributes are float32), mish ({@code s · tanh(softplus(s))};
 * ONNX has {@code Mish} only from opset 18) and step ({@code Cast(s > 0)}).
 */
public final class OnnxFile {
    /** The ONNX operator set the graph uses. */
    public static final int OPSET = 17;
    /** The ONNX IR version that goes with {@link #OPSET}. */
    public static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    /** The element type of the input, the output and every constant: DOUBLE, or FLOAT for a float32 network. */
    private final int type;
    private int names;

    private OnnxFile(nnc.model.Precision precision) {
        type = precision == nnc.model.Precision.FLOAT32 ? TensorProto.DataType.FLOAT_VALUE
                : TensorProto.DataType.DOUBLE_VALUE;
    }

    /**
     * The ONNX model of a trained network.
     *
     * @param net        the checked network
     * @param weights    per layer, {@code units × inputs}
     * @param biases     per layer, {@code units} values or null for a layer without bias
     * @param norm       the input normalization
     * @param targets    the task, classes and regression targets' scaling (the graph maps outputs back)
     * @param version    the producer version written into the file
     */
    public static byte[] build(Network net, List<double[][]> weights, List<double[]> biases, Normalizer norm,
                               Targets targets, String version) {
        boolean classifier = targets.classification();
        OnnxFile f = new OnnxFile(net.train().precision());
        GraphProto.Builder g = f.graph;
        g.setName(net.name());
        g.addInput(f.valueInfo("input", net.inputSize()));
        g.addOutput(f.valueInfo("output", net.outputSize()));
        String x = f.node("Sub", "input", f.constant("offset", new long[] {net.inputSize()}, norm.offset()));
        x = f.node("Mul", x, f.constant("scale", new long[] {net.inputSize()}, norm.scale()));
        for (Layer l : net.layers()) {
            double[][] w = weights.get(l.index());
            double[] flat = new double[l.units() * l.inputs()];
            for (int j = 0; j < l.units(); j++) {
                System.arraycopy(w[j], 0, flat, j * l.inputs(), l.inputs());
            }
            String wName = f.constant(l.name() + "_W", new long[] {l.units(), l.inputs()}, flat);
            NodeProto.Builder gemm = NodeProto.newBuilder().setOpType("Gemm").setName(l.name())
                    .addInput(x).addInput(wName).addOutput(l.name() + "_s")
                    .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT)
                            .setI(1));
            if (biases.get(l.index()) != null) {
                gemm.addInput(f.constant(l.name() + "_b", new long[] {l.units()}, biases.get(l.index())));
            }
            g.addNode(gemm);
            x = f.activation(l, l.name() + "_s");
        }
        Normalizer scaler = targets.scaler();
        if (!classifier && !"none".equals(scaler.kind())) {
            long[] k = {net.outputSize()};
            x = f.node("Add", f.node("Div", x, f.constant("target_scale", k, scaler.scale())),
                    f.constant("target_offset", k, scaler.offset()));
        }
        g.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(x).addOutput("output"));
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("nnc").setProducerVersion(version).setModelVersion(1)
                .setDocString("model " + net.name() + ", exported by nnc");
        meta(m, "model", net.name());
        meta(m, "task", classifier ? "classification" : "regression");
        meta(m, "normalization", norm.kind());
        meta(m, "targets", String.join(",", targets.names()));
        if (classifier && !targets.multiLabel()) {
            StringJoiner names = new StringJoiner(",");
            for (int c = 0; c < targets.classes(); c++) {
                names.add(String.valueOf(c));
            }
            meta(m, "classes", names.toString());
            f.label(net.outputSize());
        } else if (classifier) {
            meta(m, "classes", "0,1");
        }
        return m.setGraph(g).build().toByteArray();
    }

    private static void meta(ModelProto.Builder m, String key, String value) {
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    /** {@code label}: argmax of the outputs, or output &gt; 0.5 for a single unit, as int64 {@code [N]}. */
    private void label(int outputs) {
        ValueInfoProto.Builder info = ValueInfoProto.newBuilder().setName("label").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE)
                        .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()
                                .setDimParam("N")))));
        graph.addOutput(info);
        if (outputs == 1) {
            String above = node("Greater", "output", scalar(0.5));
            String asInt = cast(above, TensorProto.DataType.INT64_VALUE);
            graph.addNode(NodeProto.newBuilder().setOpType("Squeeze").addInput(asInt)
                    .addInput(longs("axis1", 1)).addOutput("label"));
        } else {
            graph.addNode(NodeProto.newBuilder().setOpType("ArgMax").addInput("output").addOutput("label")
                    .addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 0)));
        }
    }

    private String activation(Layer l, String s) {
        Activation a = l.activation();
        return switch (a) {
            case IDENTITY -> s;
            case STEP -> cast(node("Greater", s, scalar(0)), type);
            case SIGMOID -> node("Sigmoid", s);
            case TANH -> node("Tanh", s);
            case RELU -> node("Relu", s);
            case LEAKY_RELU -> node("Where", node("Greater", s, scalar(0)), s, node("Mul", s, scalar(l.alpha())));
            case ELU -> node("Where", node("Greater", s, scalar(0)), s,
                    node("Mul", scalar(l.alpha()), node("Sub", node("Exp", s), scalar(1))));
            case GELU -> {
                String cube = node("Mul", node("Mul", s, s), s);
                String inner = node("Mul", scalar(Math.sqrt(2 / Math.PI)), node("Add", s,
                        node("Mul", scalar(0.044715), cube)));
                yield node("Mul", node("Mul", scalar(0.5), s), node("Add", scalar(1), node("Tanh", inner)));
            }
            // s / (1 + e^−s), not s · Sigmoid(s): onnxruntime fuses the latter into QuickGelu, which has no float64
            // kernel; both are s·σ(s) to the last bits that matter (e^−s overflowing gives −0 where σ(s)·s ≈ −0)
            case SILU -> node("Div", s, node("Add", scalar(1), node("Exp", node("Neg", s))));
            case SOFTPLUS -> softplus(s);
            // λ·s for s > 0, else λ·α·(eˢ − 1): Selu's alpha and gamma are float attributes (they would round nnc's
            // constants to float32) and onnxruntime has no float64 Selu kernel, so the row is written out
            case SELU -> node("Where", node("Greater", s, scalar(0)), node("Mul", scalar(Functions.SELU_LAMBDA), s),
                    node("Mul", scalar(Functions.SELU_LAMBDA * Functions.SELU_ALPHA),
                            node("Sub", node("Exp", s), scalar(1))));
            // s · tanh(softplus(s)) (opset 17 has no Mish; onnxruntime has no float64 Softplus kernel)
            case MISH -> node("Mul", s, node("Tanh", softplus(s)));
            case SOFTMAX -> {
                NodeProto.Builder n = NodeProto.newBuilder().setOpType("Softmax").addInput(s)
                        .addOutput(fresh("softmax")).addAttribute(intAttribute("axis", -1));
                graph.addNode(n);
                yield n.getOutput(0);
            }
        };
    }

    /** softplus(s) = max(s, 0) + ln(1 + e^−|s|), nnc's own formula (it neither overflows nor loses small values). */
    private String softplus(String s) {
        return node("Add", node("Max", s, scalar(0)),
                node("Log", node("Add", scalar(1), node("Exp", node("Neg", node("Abs", s))))));
    }

    private String node(String op, String... inputs) {
        String out = fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        graph.addNode(n);
        return out;
    }

    private String cast(String in, int to) {
        String out = fresh("cast");
        graph.addNode(NodeProto.newBuilder().setOpType("Cast").addInput(in).addOutput(out)
                .addAttribute(intAttribute("to", to)));
        return out;
    }

    private String fresh(String base) {
        return base + "_" + (++names);
    }

    private static AttributeProto.Builder intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value);
    }

    private String scalar(double v) {
        return constant(fresh("c"), new long[0], new double[] {v});
    }

    private String constant(String name, long[] dims, double[] values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        for (double v : values) {
            if (type == TensorProto.DataType.FLOAT_VALUE) {
                t.addFloatData((float) v);
            } else {
                t.addDoubleData(v);
            }
        }
        graph.addInitializer(t);
        return name;
    }

    private String longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    private ValueInfoProto valueInfo(String name, int columns) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns))))).build();
    }
}
