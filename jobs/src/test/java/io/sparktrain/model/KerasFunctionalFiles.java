package io.sparktrain.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A Keras functional model with two branches, written as Keras 2.2.4 saves it: input x, then
 * {@code a = Dense(h, relu)(x)} and {@code b = Dense(h, tanh)(x)}, {@code sum = Add()([a, b])},
 * {@code cat = Concatenate()([sum, a])} and {@code out = Dense(k, softmax)(cat)}; seeded weights,
 * and the same forward pass written with ND4J's elementwise ops from those weights.
 *
 * @param a the relu branch, {@code dense_a}
 * @param b the tanh branch, {@code dense_b}
 * @param out the softmax head on the concatenation
 */
record KerasFunctionalFiles(KerasH5Writer.Dense a, KerasH5Writer.Dense b,
    KerasH5Writer.Dense out) {

  /** Seeded weights for {@code inputs} features, {@code hidden} units per branch, k classes. */
  static KerasFunctionalFiles seeded(int inputs, int hidden, int classes, long seed) {
    Random random = new Random(seed);
    return new KerasFunctionalFiles(
        dense("dense_a", inputs, hidden, random), dense("dense_b", inputs, hidden, random),
        dense("out", 2 * hidden, classes, random));
  }

  /** Writes the model to {@code file}, its class named {@code className} (Model, Functional). */
  void write(Path file, String className) {
    write(file, className, "");
  }

  /**
   * Writes the model with one more layer, {@code extraLayer} (a layer's JSON reading
   * {@code dense_b} that nothing reads), to check how an import fails.
   */
  void write(Path file, String className, String extraLayer) {
    KerasH5Writer.write(file, config(className, extraLayer), List.of(a, b, out));
  }

  /** softmax(concat(relu(x·Wa + ba) + tanh(x·Wb + bb), relu(x·Wa + ba))·Wo + bo). */
  INDArray forward(INDArray x) {
    INDArray relu = Transforms.relu(affine(x, a));
    INDArray sum = relu.add(Transforms.tanh(affine(x, b)));
    INDArray logits = affine(Nd4j.hstack(sum, relu), out);
    INDArray exp = Transforms.exp(logits.subColumnVector(logits.max(1).reshape(-1, 1)));
    return exp.divColumnVector(exp.sum(1).reshape(-1, 1));
  }

  private static INDArray affine(INDArray x, KerasH5Writer.Dense layer) {
    return x.mmul(Nd4j.createFromArray(layer.kernel()))
        .addRowVector(Nd4j.createFromArray(layer.bias()));
  }

  private static KerasH5Writer.Dense dense(String name, int in, int units, Random random) {
    float[][] kernel = new float[in][units];
    float scale = (float) Math.sqrt(6.0 / (in + units));
    for (float[] row : kernel) {
      for (int j = 0; j < units; j++) {
        row[j] = scale * (2 * random.nextFloat() - 1);
      }
    }
    float[] bias = new float[units];
    for (int j = 0; j < units; j++) {
      bias[j] = 0.1f * (2 * random.nextFloat() - 1);
    }
    return new KerasH5Writer.Dense(name, kernel, bias);
  }

  /** model_config as Keras 2.2.4 writes it for this graph. */
  private String config(String className, String extraLayer) {
    int inputs = a.kernel().length;
    List<String> layers = new ArrayList<>(List.of(
        layer("input_1", "InputLayer", "\"batch_input_shape\": [null, " + inputs + "], "
            + "\"dtype\": \"float32\", \"sparse\": false", List.of()),
        layer("dense_a", "Dense", denseConfig(a, "relu"), List.of("input_1")),
        layer("dense_b", "Dense", denseConfig(b, "tanh"), List.of("input_1")),
        layer("add_1", "Add", "\"trainable\": true", List.of("dense_a", "dense_b")),
        layer("concatenate_1", "Concatenate", "\"trainable\": true, \"axis\": -1",
            List.of("add_1", "dense_a")),
        layer("out", "Dense", denseConfig(out, "softmax"), List.of("concatenate_1"))));
    if (!extraLayer.isEmpty()) {
      layers.add(extraLayer);
    }
    return "{\"class_name\": \"" + className + "\", \"config\": {\"name\": \"model_1\","
        + " \"layers\": [" + String.join(", ", layers) + "],"
        + " \"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}";
  }

  /** One layer's entry: class, config and the layers it reads (node 0, tensor 0 of each). */
  static String layer(String name, String className, String config, List<String> inbound) {
    String nodes = inbound.isEmpty() ? "[]" : "[[" + String.join(", ", inbound.stream()
        .map(in -> "[\"" + in + "\", 0, 0, {}]").toList()) + "]]";
    return "{\"name\": \"" + name + "\", \"class_name\": \"" + className + "\", \"config\": "
        + "{\"name\": \"" + name + "\", " + config + "}, \"inbound_nodes\": " + nodes + "}";
  }

  private static String denseConfig(KerasH5Writer.Dense layer, String activation) {
    return "\"trainable\": true, \"units\": " + layer.bias().length + ", \"activation\": \""
        + activation + "\", \"use_bias\": true, \"kernel_initializer\": {\"class_name\": "
        + "\"VarianceScaling\", \"config\": {\"scale\": 1.0, \"mode\": \"fan_avg\", "
        + "\"distribution\": \"uniform\", \"seed\": null}}, \"bias_initializer\": "
        + "{\"class_name\": \"Zeros\", \"config\": {}}, \"kernel_regularizer\": null, "
        + "\"bias_regularizer\": null, \"activity_regularizer\": null, "
        + "\"kernel_constraint\": null, \"bias_constraint\": null";
  }
}
