package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import nnc.check.Frontend;
import org.junit.jupiter.api.Test;

/** Past the error cap nnc stops looking: a file of nothing but errors is reported as quickly as a short one. */
class ErrorCapTest {
    /** Generous: the point is that the work stops at the cap, not how fast it is (it was minutes, not seconds). */
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @Test
    void syntaxErrorsStopAtTheCap() {
        String text = "model M {\n" + "  dense ] relu\n".repeat(250_000) + "}\n";   // 3.75 MB, an error a line
        Frontend.Result r = assertTimeoutPreemptively(GENEROUS, () -> Frontend.compile("t.nn", text));
        assertFalse(r.ok());
        assertEquals(Reporter.MAX_ERRORS, r.reporter().diagnostics().size());
        assertEquals(2, r.reporter().diagnostics().get(0).pos().line());
        String rendered = r.reporter().render(r.source());
        assertTrue(rendered.endsWith("stopped after 100 errors; fix these and check again\n"),
                rendered.substring(rendered.length() - 200));
    }

    @Test
    void lexicalErrorsStopAtTheCap() {
        String text = "model M {\n" + "  @ ` \\\n".repeat(250_000) + "}\n";
        Frontend.Result r = assertTimeoutPreemptively(GENEROUS, () -> Frontend.compile("t.nn", text));
        assertEquals(Reporter.MAX_ERRORS, r.reporter().diagnostics().size());
        assertTrue(r.reporter().render(r.source()).contains("stopped after"));
    }

    @Test
    void aFewErrorsAreCountedAsBefore() {
        Frontend.Result r = Frontend.compile("t.nn", "model M {\n dense ] relu\n dense ] relu\n}\n");
        assertTrue(r.reporter().render(r.source()).endsWith("\n2 errors\n"), r.reporter().render(r.source()));
    }
}
