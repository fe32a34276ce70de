package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import nnc.TestModels;
import nnc.model.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class of {@code nnc compile --readable}, for every shipped model, reads as promised: short methods, each
 * with a comment; every method that computes a formula names it and the {@code .nn} line it comes from; plain
 * loops only; and javac compiles it with the JDK alone, every method small enough for the JIT.
 */
class ReadableSourceTest {
    private static final int MAX_LINES = 40;
    private static final Pattern METHOD = Pattern.compile("^    (?:public |private |static |final )*[\\w\\[\\]<>]+ "
            + "(\\w+)\\(.*\\) \\{$");
    private static final Pattern COMPUTES = Pattern.compile("(forward|backward|gradient|update)\\d+|lossAndDelta");

    @TempDir
    Path tmp;

    @Test
    void everyShippedModelsReadableClassIsShortCommentedPlainAndCompilesWithJavac() throws Exception {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("models"))) {
            for (Path file : s.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
                Network net = TestModels.network(Files.readString(file));
                String pkg = "r" + sources.size();
                var source = ReadableGenerator.generate(net, new Generator.Options(pkg, false, 0, file.toString()));
                String text = source.toString();
                check(text, file.toString(), net);
                source.writeToPath(tmp);
                sources.add(tmp.resolve(pkg).resolve(net.name() + ".java").toString());
            }
        }
        assertTrue(sources.size() >= 10, "the shipped models");
        List<String> args = new ArrayList<>(List.of("-d", tmp.resolve("classes").toString(), "--release", "17"));
        args.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(errors),
                args.toArray(String[]::new));
        assertEquals(0, rc, "javac compiles every readable class: " + errors);
        try (Stream<Path> classes = Files.walk(tmp.resolve("classes"))) {
            for (Path c : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                for (Map.Entry<String, Integer> m : MethodSizeTest.methodSizes(Files.readAllBytes(c)).entrySet()) {
                    assertTrue(m.getKey().startsWith("<init>") || m.getValue() <= MethodSizeTest.HUGE_METHOD_LIMIT,
                            c + "." + m.getKey() + " has " + m.getValue() + " bytes of bytecode");
                }
            }
        }
    }

    private static void check(String text, String file, Network net) {
        for (String banned : List.of("jdk.incubator.vector", "p0", "c0", "TILE", "chunk", "Helpers", "i + 2")) {
            assertFalse(text.contains(banned), file + ": the readable class has no '" + banned + "'");
        }
        List<String> lines = text.lines().toList();
        int computing = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = METHOD.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            int end = i + 1;
            while (!lines.get(end).equals("    }")) {
                end++;
            }
            List<String> body = lines.subList(i + 1, end);
            assertTrue(body.size() <= MAX_LINES, file + ": " + name + " has " + body.size() + " lines");
            boolean javadoc = lines.get(i - 1).strip().equals("*/") || lines.get(i - 1).strip().startsWith("@");
            List<String> comments = body.stream().map(String::strip).filter(l -> l.startsWith("//")).toList();
            assertTrue(javadoc || !comments.isEmpty(), file + ": " + name + " has a comment");
            if (COMPUTES.matcher(name).matches()) {
                computing++;
                assertTrue(comments.stream().anyMatch(c -> c.contains(file + ":") && (c.contains(" = ")
                        || c.contains("←"))), file + ": " + name + " names its formula and .nn line: " + comments);
            }
            i = end;
        }
        assertTrue(computing >= net.layers().size() + 1, file + ": a forward method per layer and lossAndDelta");
    }
}
