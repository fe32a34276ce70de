package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import nnc.check.Frontend;
import org.junit.jupiter.api.Test;

/** Syntax errors in plain words, lexical errors, and hostile input that must end in diagnostics, not a crash. */
class SyntaxErrorsTest {
    private static Frontend.Result compileBytes(byte[] bytes) {
        Reporter reporter = new Reporter();
        SourceFile file = SourceFile.decode("t.nn", null, bytes, reporter);
        return Frontend.compile(file, reporter);
    }

    private static List<String> errors(String text) {
        Frontend.Result r = Frontend.compile("t.nn", text);
        assertFalse(r.ok());
        return r.reporter().diagnostics().stream()
                .map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message()).toList();
    }

    @Test
    void unclosedBlockNamesWhereItWasOpened() {
        // line 1 "model M {": the brace at column 9; line 3 "    dense 1 relu" has 16 characters, so the end
        // of the file is shown just after it, at 3:17
        assertEquals(List.of("3:17 expected a statement (input, dense, dropout, loss, optimizer, init, regularize, "
                        + "train) or '}' to close the block opened at 1:9 but found the end of the file"),
                errors("model M {\n    input 4\n    dense 1 relu\n"));
    }

    @Test
    void unclosedDenseBlock() {
        // line 3 "    dense 3 relu {": brace at column 18; EOF right after it at 3:19
        assertEquals(List.of("3:19 expected a key or '}' to close the block opened at 3:18 but found the end of the "
                + "file"), errors("model M {\n    input 4\n    dense 3 relu {\n"));
    }

    @Test
    void missingCommaBetweenArguments() {
        // line 2 "  optimizer sgd(lr=0.1 momentum=0.9)": '(' at 16, 'momentum' at 24
        assertEquals(List.of("2:24 expected ',' or ')' to close the argument list opened at 2:16 but found name "
                + "'momentum'"), errors("model M {\n  optimizer sgd(lr=0.1 momentum=0.9)\n}\n"));
    }

    @Test
    void unterminatedString() {
        // line 2 "  train { data = \"abc }": the string starts at column 18
        List<String> e = errors("model M {\n  train { data = \"abc }\n}\n");
        assertEquals("2:18 unterminated string: a string must end with '\"' on the same line", e.get(0));
    }

    @Test
    void unexpectedCharacter() {
        // line 2 "  input 4 @": '@' at column 11
        assertEquals("2:11 unexpected character '@'", errors("model M {\n  input 4 @\n}\n").get(0));
    }

    @Test
    void emptyFile() {
        assertEquals(List.of("1:1 expected 'model' but found the end of the file"), errors(""));
    }

    @Test
    void onlyOneModelPerFile() {
        assertEquals(List.of("2:1 expected the end of the file but found 'model'"),
                errors("model M { input 2 dense 1 loss mse optimizer sgd }\nmodel N { }\n"));
    }

    @Test
    void keywordsAreReservedButOtherNamesAreNot() {
        // 'dense' cannot name a model (line 1, column 7)
        assertEquals("1:7 expected a name but found 'dense'", errors("model dense { }").get(0));
        // 'relu' or 'sgd' are ordinary names, so a misspelling is a checker error, not a syntax error
        assertTrue(errors("model M { input 2 dense 1 rleu loss mse optimizer sgd }").get(0)
                .contains("did you mean 'relu'"));
    }

    @Test
    void semicolonsAndCommentsAreAccepted() {
        Frontend.Result r = Frontend.compile("t.nn", "// comment\nmodel M { # another\n input 2; dense 1 relu;"
                + " loss mse; optimizer sgd(lr = .5e-1); train { epochs = 3; batch = all; }; }\n");
        assertTrue(r.ok(), () -> r.reporter().render(r.source()));
        assertEquals(0.05, r.network().optimizer().lr());
    }

    @Test
    void invalidUtf8IsReportedAtItsPosition() {
        byte[] bytes = "model M {\n  input 2 \u00e9\n}\n".getBytes(StandardCharsets.UTF_8);
        bytes[20] = (byte) 0xff;   // the first byte of 'é' on line 2, column 11
        Frontend.Result r = compileBytes(bytes);
        assertFalse(r.ok());
        Diagnostic d = r.reporter().diagnostics().get(0);
        assertEquals("2:11 the file is not valid UTF-8 (byte 0xFF)", d.pos().line() + ":" + d.pos().column() + " "
                + d.message());
    }

    @Test
    void hostileInputEndsInDiagnosticsQuickly() {
        String deep = "model M { input 2 dense 1 { weights = " + "[".repeat(10_000) + " } }";
        String longLine = "model M { input 2 " + "dense 1 relu ".repeat(80_000) + "}";
        byte[] garbage = new byte[100_000];
        new Random(7).nextBytes(garbage);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Frontend.Result r = Frontend.compile("t.nn", deep);
            assertTrue(r.reporter().diagnostics().get(0).message().contains("nested more than"));
            assertFalse(Frontend.compile("t.nn", longLine).ok());
            assertFalse(compileBytes(garbage).ok());
            assertFalse(Frontend.compile("t.nn", "model M { input 2 dense 1 { weights = \"" + "x".repeat(1 << 20))
                    .ok());
        });
    }

    @Test
    void longLinesAreShownAroundTheCaret() {
        String text = "model M { input 2 " + "dense 1 relu ".repeat(100) + "dense 1 rleu loss mse optimizer sgd }";
        Frontend.Result r = Frontend.compile("t.nn", text);
        String rendered = r.reporter().render(r.source());
        assertTrue(rendered.contains("did you mean 'relu'"));
        String shown = rendered.split("\n")[1];
        assertTrue(shown.length() < 120, "the shown line is cut to a window: " + shown.length());
        assertTrue(shown.contains("rleu"));
    }
}
