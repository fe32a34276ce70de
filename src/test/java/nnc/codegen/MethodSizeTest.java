package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import nnc.TestModels;
import nnc.model.Network;
import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * HotSpot does not JIT-compile a method of more than 8000 bytes of bytecode: no generated method may be larger,
 * for any shipped model or benchmark config, whether compiled by Janino (as {@code nnc run} does) or by javac (as
 * a user of {@code nnc compile} does), in float64 and in float32 (javac: the benchmark configs). The javac check also proves the written class
 * compiles with the JDK alone.
 */
class MethodSizeTest {
    static final int HUGE_METHOD_LIMIT = 8000;

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyGeneratedMethodIsSmallEnoughToBeCompiled() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("models", "bench")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 10);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f)));
    }

    /** The deepest model the checker allows: only its constructor (run once) may exceed the JIT's limit. */
    @org.junit.jupiter.api.Test
    void theDeepestAllowedModelCompilesAndItsTrainingMethodsStaySmall() throws Exception {
        String text = "model Deepest {\n input 3\n" + " dense 2 tanh\n".repeat(nnc.check.Checker.MAX_LAYERS - 1)
                + " dense 2 softmax\n loss cross_entropy\n optimizer adam\n regularize l2(0.1)\n}\n";
        Network net = TestModels.network(text);
        check(net, "deepest allowed model", true);
        check(net.withTrain(net.train().withPrecision(nnc.model.Precision.FLOAT32)), "deepest allowed model, float32",
                true);
    }

    /**
     * C1 compiles a float32 kernel only while its register allocator holds out: methods of two block shapes
     * (2,063–2,111 bytes: a whole panel and a rest, or three block heights) ran it out of virtual registers, and
     * such a kernel runs boxed. Each method of a fused kernel holds one block shape (the dispatch holds the copies
     * of B's tiles and the calls).
     */
    @org.junit.jupiter.api.Test
    void everyFusedKernelMethodHoldsOneBlockShape() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorLanes.of(nnc.model.Precision.FLOAT32) > 0,
                "the JVM has no Vector API module");
        Network net = TestModels.network("model K {\n input 64\n dense 112 relu\n dense 240 relu\n dense 10 softmax\n"
                + " loss cross_entropy\n optimizer sgd\n train { precision = float32 }\n}\n");
        SimpleCompiler janino = new SimpleCompiler();
        janino.setParentClassLoader(getClass().getClassLoader());
        janino.cook(TestModels.source(net).toString());
        int kernels = 0;
        for (byte[] c : janino.getBytecodes().values()) {
            for (Map.Entry<String, Integer> m : methodSizes(c).entrySet()) {
                if (m.getKey().startsWith("vectorProduct")) {
                    kernels++;
                    assertTrue(m.getValue() <= 1_400, m.getKey() + " has " + m.getValue() + " bytes of bytecode");
                }
            }
        }
        // each a dispatch and its parts (each block height × whole panels and rest): forward products 112, 240 and
        // 10 wide, the gradients by p of the same widths (rows of W are its inputs); and the dispatches of the delta
        // products, which read W transposed, 112 and 240 wide, and share the forward products' parts
        int lanes = VectorLanes.of(nnc.model.Precision.FLOAT32);
        int expected = 2;
        for (int width : new int[] {112, 240, 10, 112, 240, 10}) {
            expected += 1 + Kernels.fusedParts(width, lanes).size();
        }
        assertEquals(expected, kernels);
        assertEquals(lanes >= 8 ? 7 : 5, 1 + Kernels.fusedParts(112, lanes).size(), "whole panels and a rest");
    }

    private void check(Path file) throws Exception {
        Network net = TestModels.network(Files.readString(file));
        check(net, file.toString(), true);
        check(net.withTrain(net.train().withPrecision(nnc.model.Precision.FLOAT32)), file + " in float32",
                file.toString().contains("bench"));
    }

    /** Janino's class files, and with {@code javac} those of the written class too. */
    private void check(Network net, String file, boolean withJavac) throws Exception {
        String inMemory = TestModels.source(net).toString();
        SimpleCompiler janino = new SimpleCompiler();
        janino.setParentClassLoader(getClass().getClassLoader());
        janino.cook(inMemory);
        int largest = 0;
        for (Map.Entry<String, byte[]> c : janino.getBytecodes().entrySet()) {
            largest = Math.max(largest, assertSmall(c.getKey() + " (janino)", c.getValue()));
        }
        if (!withJavac) {
            return;
        }
        Path dir = Files.createDirectories(tmp.resolve(net.name() + net.train().precision()));
        Generator.generate(net, new Generator.Options("demo", false)).writeToPath(dir);
        Path source = dir.resolve("demo").resolve(net.name() + ".java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int rc = javac.run(null, null, new java.io.PrintStream(new java.io.ByteArrayOutputStream()), "-d",
                dir.toString(), "--release", "17", "-cp", "", source.toString());
        assertEquals(0, rc, "javac compiles the written class with the JDK alone " + errors);
        try (Stream<Path> classes = Files.walk(dir)) {
            for (Path c : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                largest = Math.max(largest, assertSmall(c + " (javac)", Files.readAllBytes(c)));
            }
        }
    }

    private static int assertSmall(String what, byte[] classFile) throws IOException {
        int largest = 0;
        for (Map.Entry<String, Integer> m : methodSizes(classFile).entrySet()) {
            if (m.getKey().startsWith("<init>")) {
                assertTrue(m.getValue() < 65535, what + " constructor: " + m.getValue());
                continue;
            }
            assertTrue(m.getValue() <= HUGE_METHOD_LIMIT, what + "." + m.getKey() + " has " + m.getValue()
                    + " bytes of bytecode");
            largest = Math.max(largest, m.getValue());
        }
        return largest;
    }

    /** The bytecode length of every method of a class file (JVMS §4). */
    static Map<String, Integer> methodSizes(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        assertEquals(0xCAFEBABE, in.readInt());
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            in.readUnsignedShort();
            skipAttributes(in);
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attr.equals("Code")) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    int codeLength = in.readInt();
                    sizes.merge(name + descriptor, codeLength, Math::max);
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return sizes;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int a = 0; a < n; a++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
