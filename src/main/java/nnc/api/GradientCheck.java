package nnc.api;

import java.util.List;
import nnc.train.GradCheck;

/**
 * The generated backward pass compared with central differences of the loss, layer by layer, at the model's
 * starting weights (see {@link Model#gradientCheck}).
 *
 * @param batch  where the rows came from: the model's data, or seeded random inputs when it names none
 * @param layers per trainable layer: the largest relative error and what was compared
 */
public record GradientCheck(String batch, List<GradCheck.LayerResult> layers) {
}
