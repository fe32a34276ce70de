package nnc.report;

import nnc.train.Trainer;

import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the per-epoch curves (loss, and accuracy for classification), train and validation, as PNG or SVG. */
public final class Plot {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;
    /** The file kinds {@code --plot} writes. */
    public static final String[] EXTENSIONS = {".png", ".svg"};
    /** The most epoch labels on the x axis: at 640 pixels more would overlap. */
    static final int MAX_X_LABELS = 12;

    private Plot() {
    }

    public static void write(Path file, String title, List<Trainer.Epoch> history, boolean classification) {
        OutputFile.check("--plot", file, List.of(), EXTENSIONS);
        boolean svg = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg");
        System.setProperty("java.awt.headless", "true");
        XYChart loss = chart(title + ": loss", "loss", history, Trainer.Epoch::loss, Trainer.Epoch::valLoss);
        XYChart acc = classification
                ? chart(title + ": accuracy", "accuracy", history, Trainer.Epoch::accuracy, Trainer.Epoch::valAccuracy)
                : null;
        int width = acc == null ? WIDTH : 2 * WIDTH;
        OutputFile.write("--plot", file, out -> {
            if (svg) {
                VectorGraphics2D g = new VectorGraphics2D();
                paint(g, loss, acc);
                new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, HEIGHT)).writeTo(out);
            } else {
                BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                paint(g, loss, acc);
                g.dispose();
                ImageIO.write(image, "png", out);
            }
        });
    }

    private static void paint(Graphics2D g, XYChart loss, XYChart acc) {
        loss.paint(g, WIDTH, HEIGHT);
        if (acc != null) {
            g.translate(WIDTH, 0);
            acc.paint(g, WIDTH, HEIGHT);
            g.translate(-WIDTH, 0);
        }
    }

    static XYChart chart(String title, String yTitle, List<Trainer.Epoch> history,
                         ToDoubleFunction<Trainer.Epoch> train, ToDoubleFunction<Trainer.Epoch> validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        // whole epochs, few enough labels to stay apart at any epoch count
        chart.getStyler().setXAxisDecimalPattern("#").setXAxisMaxLabelCount(MAX_X_LABELS);
        if (yTitle.equals("accuracy")) {
            chart.getStyler().setYAxisMax(1.0).setYAxisDecimalPattern("0.0#");   // labelled up to 1.0
        }
        double[] epochs = history.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
        chart.addSeries("train", epochs, history.stream().mapToDouble(train).toArray())
                .setMarker(SeriesMarkers.NONE);
        double[] val = history.stream().mapToDouble(validation).toArray();
        if (val.length > 0 && !Double.isNaN(val[0])) {
            chart.addSeries("validation", epochs, val).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
