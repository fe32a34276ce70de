package nnc.train;

import java.util.SplittableRandom;
import nnc.model.Init;
import nnc.model.Layer;
import nnc.model.Network;

/** Sets a net's starting parameters: the values written in the model, else drawn from each layer's initializer. */
public final class Initializer {
    private Initializer() {
    }

    /** Draws in a fixed order (layer, neuron, input) from one generator seeded with {@code seed}. */
    public static void initialize(Net net, Network model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer l : model.layers()) {
            double[][] w = l.weights() != null ? l.weights() : draw(l, random);
            net.setWeights(l.index(), w);
            if (l.hasBias()) {
                net.setBias(l.index(), l.bias() != null ? l.bias() : new double[l.units()]);
            }
        }
    }

    private static double[][] draw(Layer l, SplittableRandom random) {
        Init init = l.init();
        int in = l.inputs();
        int out = l.units();
        double[][] w = new double[out][in];
        for (int j = 0; j < out; j++) {
            for (int k = 0; k < in; k++) {
                w[j][k] = switch (init.kind()) {
                    case NORMAL -> init.a() + init.b() * random.nextGaussian();
                    case UNIFORM -> init.a() + (init.b() - init.a()) * random.nextDouble();
                    case XAVIER -> Math.sqrt(2.0 / (in + out)) * random.nextGaussian();
                    case XAVIER_UNIFORM -> uniform(random, Math.sqrt(6.0 / (in + out)));
                    case HE -> Math.sqrt(2.0 / in) * random.nextGaussian();
                    case HE_UNIFORM -> uniform(random, Math.sqrt(6.0 / in));
                    case ZEROS -> 0;
                };
            }
        }
        return w;
    }

    private static double uniform(SplittableRandom random, double limit) {
        return -limit + 2 * limit * random.nextDouble();
    }
}
