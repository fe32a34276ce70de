package nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import nnc.TestModels;
import nnc.model.Network;
import org.junit.jupiter.api.Test;

/**
 * The class cache finds a kept class by {@link Generator#identity}, without generating its source: equal identities
 * must mean equal sources, and whatever changes the source must change the identity.
 */
class IdentityTest {
    private static final String MODEL = "model M {\n input 2\n dense 3 relu%s\n dropout 0.25\n dense 2 softmax\n"
            + " loss cross_entropy\n optimizer %s\n train { data = digits; epochs = %d; precision = %s }\n}\n";
    private static final Generator.Options FAST = new Generator.Options("nnc.generated", true, 0);

    private static Network net(String start, String optimizer, int epochs, String precision) {
        return TestModels.network(String.format(MODEL, start, optimizer, epochs, precision));
    }

    private static String source(Network n, Generator.Options o) {
        return Generator.generate(n, o).toString();
    }

    @Test
    void startingWeightsChangeNeitherTheSourceNorTheIdentity() {
        Network plain = net("", "sgd(lr = 0.1)", 3, "float64");
        Network started = net(" { weights = [[1, 2], [3, 4], [5, 6]]; bias = [1, 2, 3] }", "sgd(lr = 0.1)", 3,
                "float64");
        Network otherStart = net(" { weights = [[9, 2], [3, 4], [5, 6]]; bias = [1, 2, 3] }", "sgd(lr = 0.1)", 3,
                "float64");
        assertEquals(source(plain, FAST), source(started, FAST));
        assertEquals(ClassIdentity.identity("fast", plain, FAST), ClassIdentity.identity("fast", started, FAST));
        assertEquals(ClassIdentity.identity("fast", started, FAST), ClassIdentity.identity("fast", otherStart, FAST));
    }

    @Test
    void whatChangesTheSourceChangesTheIdentity() {
        Network base = net("", "sgd(lr = 0.1)", 3, "float64");
        String id = ClassIdentity.identity("fast", base, FAST);
        for (Network other : new Network[] {net("", "sgd(lr = 0.2)", 3, "float64"),
                net("", "adam(lr = 0.1)", 3, "float64"), net("", "sgd(lr = 0.1)", 3, "float32")}) {
            assertNotEquals(source(base, FAST), source(other, FAST));
            assertNotEquals(id, ClassIdentity.identity("fast", other, FAST));
        }
        Generator.Options vector = new Generator.Options("nnc.generated", true, 4);
        assertNotEquals(source(base, FAST), source(base, vector));
        assertNotEquals(id, ClassIdentity.identity("fast", base, vector));
        assertNotEquals(id, ClassIdentity.identity("readable", base, FAST));
        // the same text checked twice: the same identity (nothing in it is an object's address)
        assertEquals(id, ClassIdentity.identity("fast", net("", "sgd(lr = 0.1)", 3, "float64"), FAST));
    }
}
