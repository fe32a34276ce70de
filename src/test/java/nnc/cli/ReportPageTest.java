package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc run --report}: what the page holds, and what a real browser draws of it. */
class ReportPageTest {
    @TempDir
    static Path tmp;
    static Path digits;
    static String page;
    static double testAccuracy;

    @BeforeAll
    static void digitsReport() throws Exception {
        digits = tmp.resolve("sub/digits.html");
        Cli run = Cli.run("run", "models/digits.nn", "--epochs", "2", "--json", "--report", digits.toString());
        assertEquals(0, run.exit(), run.err());
        page = Files.readString(digits);
        testAccuracy = run.json().getAsJsonObject("test").get("accuracy").getAsDouble();
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    @Test
    void thePageIsSelfContained() {
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertFalse(page.contains("<script") || page.contains("<link") || page.contains("src=")
                || page.contains("href=") || page.contains("url("), "nothing loaded from elsewhere");
        assertFalse(page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("://"), "no address");
        assertTrue(Files.isRegularFile(digits));
        assertTrue(page.length() < 2_000_000, "digits page under 2 MB: " + page.length());
    }

    @Test
    void thePageShowsTheModelTrainingAndTestFigures() {
        for (String id : new String[] {"model", "network", "training", "loss-curve", "accuracy-curve", "lr-curve",
            "epochs", "test", "confusion", "per-class", "misclassified", "first-layer", "weights", "hist-dense1",
            "hist-dense2", "gradients", "gradient-norms", "explain", "timing"}) {
            assertTrue(page.contains("id=\"" + id + "\""), id);
        }
        assertTrue(page.contains("δ[1] = (δ[2]·W[2]ᵀ) ⊙ M[2] ⊙ relu′(S[1])"), "the explain text");
        assertTrue(page.contains("<td>dense1</td><td>relu</td><td>128</td><td>8,320</td>"), "summary row");
        assertTrue(page.contains("<td>dense2</td><td>softmax</td><td>10</td><td>1,290</td>"), "summary row");
        String epochs = between(page, "id=\"epochs\"", "</details>");
        assertEquals(1 + 2, count(epochs, "<tr>"), "header and one row per epoch");
        assertEquals(2, count(between(page, "id=\"gradient-norms\"", "</div>"), "<polyline class=\"series-dense"));
    }

    @Test
    void perClassRowsCountTheTestSetsClasses() {
        String table = between(page, "id=\"per-class\"", "</table>");
        Matcher m = Pattern.compile("<tr><td>(\\d+)</td>(<td>[^<]*</td>){3}<td>(\\d+)</td></tr>").matcher(table);
        List<Integer> support = new ArrayList<>();
        while (m.find()) {
            support.add(Integer.parseInt(m.group(3)));
        }
        // the optdigits test set's rows per class, 0 to 9
        assertEquals(List.of(178, 182, 177, 183, 181, 182, 181, 179, 174, 180), support);
        assertEquals(100, count(between(page, "id=\"confusion\"", "</svg>"), "<title>true "), "10 × 10 cells");
    }

    @Test
    void misclassifiedSamplesAndFirstLayerUnitsAreImages() {
        long wrong = Math.round((1 - testAccuracy) * 1797);
        assertTrue(wrong >= 24, "enough errors after 2 epochs to test with: " + wrong);
        String gallery = between(page, "id=\"misclassified\"", "id=\"first-layer\"");
        assertEquals(Math.min(32, wrong), count(gallery, "<div class=\"sample\">"));
        Matcher m = Pattern.compile("<text[^>]*>(\\d) → (\\d) \\((0\\.\\d\\d|1\\.00)\\)</text>").matcher(gallery);
        int captions = 0;
        while (m.find()) {
            assertFalse(m.group(1).equals(m.group(2)), "a misclassified sample's true and predicted class differ");
            captions++;
        }
        assertEquals(Math.min(32, wrong), captions);
        assertEquals(32 * 64, count(gallery, "<rect x="), "8 × 8 pixels a sample");
        assertEquals(128, count(page, "<div class=\"unit\">"), "one image per unit of dense1");
    }

    @Test
    void regressionShowsPredictedAgainstTrueAndResiduals() throws Exception {
        Path file = tmp.resolve("diabetes.html");
        Cli run = Cli.run("run", "models/diabetes.nn", "--epochs", "2", "--report", file.toString());
        assertEquals(0, run.exit(), run.err());
        String p = Files.readString(file);
        assertTrue(p.contains("id=\"predicted-vs-true\"") && p.contains("id=\"residuals\""));
        assertFalse(p.contains("id=\"confusion\"") || p.contains("id=\"misclassified\""));
        assertTrue(p.contains("test R²"));
    }

    @Test
    void anUnwritableReportPathStopsTheRunBeforeTraining() throws Exception {
        Path notAFolder = tmp.resolve("plain.txt");
        Files.writeString(notAFolder, "x");
        Cli run = Cli.run("run", "models/digits.nn", "--report", notAFolder.resolve("r.html").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--report") && run.err().contains("is not a folder"), run.err());
        assertFalse(run.out().contains("epoch"), "no training");
        Cli png = Cli.run("run", "models/digits.nn", "--report", tmp.resolve("r.png").toString());
        assertEquals(2, png.exit());
        assertTrue(png.err().contains("must end in .html"), png.err());
    }

    /** Headless Chromium draws the page: its parsed DOM keeps every drawing, and the screenshot shows them. */
    @Test
    void chromiumRendersTheDrawings() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (Debian package 'chromium'; or set "
                + "NNC_CHROMIUM to its path): the page is not checked in a browser");
        String dom = browse(chromium, "--dump-dom", digits.toUri().toString());
        assertEquals(count(page, "<svg "), count(dom, "<svg "), "every drawing survives the HTML parser");
        assertEquals(count(page, "<rect "), count(dom, "<rect "));
        assertTrue(dom.contains("Misclassified test samples"));

        Path shot = tmp.resolve("shot.png");
        browse(chromium, "--screenshot=" + shot, "--window-size=1280,4200", "--hide-scrollbars",
                digits.toUri().toString());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(1280, image.getWidth());
        int curve = 0;
        int heat = 0;
        int ink = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                int r = rgb >> 16;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                curve += Math.abs(r - 0x1f) + Math.abs(g - 0x77) + Math.abs(b - 0xb4) < 12 ? 1 : 0;
                heat += b > 90 && b < 130 && r < 40 && g < 70 ? 1 : 0;
                ink += r == g && g == b && r < 40 ? 1 : 0;
                red += r > 220 && g < 60 && b < 60 ? 1 : 0;
            }
        }
        assertTrue(curve > 200, "the training curves are drawn: " + curve);
        assertTrue(heat > 5000, "the confusion matrix's dark diagonal is drawn: " + heat);
        assertTrue(ink > 3000, "the misclassified digits are drawn: " + ink);
        assertTrue(red > 500, "the first layer's weights are drawn: " + red);
    }

    private static String browse(String chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect
                .DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finishes");
        assertEquals(0, p.exitValue(), "chromium's exit status");
        return Files.readString(out);
    }

    private static String chromium() {
        String env = System.getenv("NNC_CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertTrue(a >= 0, from);
        int b = s.indexOf(to, a);
        assertTrue(b >= 0, to);
        return s.substring(a, b);
    }
}
