package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The excerpts of generated code in {@code docs/design.md} are what {@code nnc compile models/xor_learned.nn}
 * writes: each {@code java} block, cut at its {@code ...} lines, must appear in the written class piece by piece, in
 * order, line for line.
 */
class DesignDocTest {
    @Test
    void excerptsMatchWhatCompileWrites(@TempDir Path dir) throws Exception {
        Cli c = Cli.run("compile", "models/xor_learned.nn", "-o", dir.toString());
        assertEquals(0, c.exit(), c.err());
        List<String> generated = Files.readAllLines(dir.resolve("XorLearned.java"));
        List<List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("docs/design.md")));
        assertTrue(blocks.size() >= 3, "docs/design.md shows the generated lossAndDelta, backward2 and update1");
        for (List<String> block : blocks) {
            matchInOrder(generated, block);
        }
    }

    /**
     * The tutorial's section on the readable class shows {@code nnc explain models/digits.nn} and
     * {@code nnc compile models/digits.nn --readable} as they print and write.
     */
    @Test
    void tutorialExcerptsMatchExplainAndTheReadableClass(@TempDir Path dir) throws Exception {
        Cli c = Cli.run("compile", "models/digits.nn", "--readable", "-o", dir.toString());
        assertEquals(0, c.exit(), c.err());
        List<String> readable = Files.readAllLines(dir.resolve("Digits.java"));
        Cli explain = Cli.run("explain", "models/digits.nn");
        assertEquals(0, explain.exit(), explain.err());
        List<String> doc = Files.readAllLines(Path.of("docs/tutorial.md"));
        int start = doc.indexOf("### The same class, written for reading");
        assertTrue(start > 0, "docs/tutorial.md has the section on --readable");
        List<String> section = doc.subList(start, doc.size());
        section = section.subList(0, section.indexOf("## 5. Check the gradients"));
        List<List<String>> blocks = javaBlocks(section);
        assertTrue(blocks.size() >= 3, "the tutorial shows forward1, backward2 and update1");
        for (List<String> block : blocks) {
            matchInOrder(readable, block);
        }
        List<String> shown = fenced(section, "$ ./nnc explain models/digits.nn");
        matchInOrder(explain.out().lines().toList(), shown.subList(1, shown.size()));
    }

    /** The plain fenced block whose first line is {@code first}. */
    private static List<String> fenced(List<String> doc, String first) {
        int at = doc.indexOf(first);
        assertTrue(at > 0 && doc.get(at - 1).equals("```"), "docs/tutorial.md shows " + first);
        return doc.subList(at, doc.subList(at, doc.size()).indexOf("```") + at);
    }

    /** Each piece of {@code block} between its {@code ...} lines appears in {@code lines}, in order. */
    private static void matchInOrder(List<String> lines, List<String> block) {
        int at = 0;
        List<String> piece = new ArrayList<>();
        for (String line : block) {
            if (line.strip().equals("...")) {
                at = find(lines, piece, at, block);
                piece.clear();
            } else {
                piece.add(line);
            }
        }
        find(lines, piece, at, block);
    }

    /** The end of the first occurrence of {@code piece} in {@code lines} at or after {@code from}. */
    private static int find(List<String> lines, List<String> piece, int from, List<String> block) {
        for (int i = from; i + piece.size() <= lines.size(); i++) {
            if (lines.subList(i, i + piece.size()).equals(piece)) {
                return i + piece.size();
            }
        }
        throw new AssertionError("the docs show lines that nnc does not write:\n"
                + String.join("\n", piece) + "\n(in the excerpt starting " + block.get(0).strip() + " "
                + block.get(Math.min(3, block.size() - 1)).strip() + ")");
    }

    private static List<List<String>> javaBlocks(List<String> doc) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : doc) {
            if (line.equals("```java")) {
                current = new ArrayList<>();
            } else if (line.equals("```") && current != null) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }
}
