package nnc.train;

import nnc.data.Data;

import nnc.model.Network;

/** Everything a finished run reports. */
public record RunResult(Network model, Data data, Trainer.Result training, Metrics test, double compileMs,
                        int threads, java.util.Map<String, Double> phases) {

    public double msPerEpoch() {
        return training.epochsRun() == 0 ? 0 : training.trainMs() / training.epochsRun();
    }

    public double samplesPerSecond() {
        return training.trainMs() == 0 ? 0 : data.train.rows() * (double) training.epochsRun()
                / (training.trainMs() / 1000);
    }
}
