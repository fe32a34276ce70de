package nnc.cli;

import java.nio.file.Path;
import java.util.List;
import nnc.api.Model;
import nnc.model.Network;
import nnc.report.OnnxFile;
import nnc.report.OutputFile;
import nnc.report.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a standalone Java predictor (JDK only) holding trained weights.")
final class ExportCommand extends ModelCommand {
    @Mixin
    WeightsOption weightsFile;

    @Mixin
    OutputOptions output;

    @Option(names = "--onnx", paramLabel = "FILE.onnx", description = "write an ONNX model (float64, opset "
            + OnnxFile.OPSET + ", input normalization included) instead of a Java class")
    Path onnx;

    @Override
    public Integer call() {
        if (onnx != null) {
            OutputFile.check("--onnx", onnx, List.of(model.file, weightsFile.weights), ".onnx");
            Model m = Session.loadModel(model.file, main.err);
            m.withWeights(weightsFile.load(m.network())).exportOnnx(onnx);
            main.out.println("wrote " + onnx);
            return 0;
        }
        String packageName = output.packageName();
        output.check();
        Network loaded = load();
        WeightsFile.Content c = weightsFile.load(loaded);
        Network net = WeightsFile.inTrainedPrecision(c, loaded);
        main.out.println("wrote " + output.write(Model.of(net, model.toString()).predictorSource(c, packageName)));
        return 0;
    }
}
