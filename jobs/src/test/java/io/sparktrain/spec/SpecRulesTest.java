package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One malformed spec per validation rule, each asserting the single problem line it reports. */
class SpecRulesTest {

  private static final String DATA = "data: {source: iris}\n";
  private static final String MODEL = "model: {layers: [{type: output, units: 3}]}\n";

  /** A valid spec with {@code extra} appended (later sections may replace none of the above). */
  private static String with(String extra) {
    return "name: t\n" + extra;
  }

  private static String layers(String... layers) {
    return with(DATA + "model:\n  layers:\n" + Stream.of(layers)
        .map(l -> "    - " + l + "\n").reduce("", String::concat));
  }

  private static Arguments c(String rule, String yaml, String... expected) {
    return Arguments.of(rule, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("unknown top-level key", with(DATA + MODEL + "nmae: x\n"),
            "nmae: unknown key (expected one of: name, data, model, optimizer, training, output)"),
        c("unknown nested key", with(DATA + MODEL + "optimizer: {learningRaet: 0.1}\n"),
            "optimizer.learningRaet: unknown key (expected one of: type, learningRate, momentum, "
                + "beta1, beta2, beta3, epsilon, rho, weightDecay, clip, schedule)"),
        c("unknown layer key", layers("{type: output, units: 3, unitz: 4}"),
            "model.layers[0].unitz: unknown key (expected one of: type, units, activation, loss, "
                + "weightInit, l1, l2, labelSmoothing, delta, maxNorm)"),
        c("unknown enum value", layers("{type: output, units: 3, activation: relux}"),
            "model.layers[0].activation: unknown value 'relux' (expected one of: relu, leakyrelu, "
                + "elu, selu, gelu, mish, tanh, sigmoid, softmax, identity)"),
        c("unknown engine", with(DATA + MODEL + "training: {engine: dl4j}\n"),
            "training.engine: unknown value 'dl4j' (expected one of: sparktrain, "
                + "sparktrain-rounds, dl4j-parameter-averaging)"),
        c("unknown data source", with("data: {source: cifar}\n" + MODEL),
            "data.source: unknown value 'cifar' (expected one of: csv, mnist, fashion-mnist, "
                + "digits, iris, wine, breast-cancer, xor, spam-assassin, mnist-attributes, "
                + "mnist-pairs, mnist-views, sunspots, co2, names)"),
        c("embedding after another layer",
            layers("{type: dense, units: 4}", "{type: embedding}", "{type: output, units: 3}"),
            "model.layers[1]: an 'embedding' layer must be the first layer: it reads word ids"),
        c("embedding flag on a dense layer",
            layers("{type: dense, units: 4, frozen: true}", "{type: output, units: 3}"),
            "model.layers[0].frozen: not allowed for a 'dense' layer"),
        c("text option for a table", with("data: {source: iris, maxTokens: 50}\n" + MODEL),
            "data.maxTokens: only allowed with a text source (spam-assassin)"),
        c("padding for a table", with("data: {source: iris, padding: pre}\n" + MODEL),
            "data.padding: only allowed with a text source (spam-assassin)"),
        c("unknown padding side", with("data: {source: spam-assassin, padding: left}\n" + MODEL),
            "data.padding: unknown value 'left' (expected one of: pre, post)"),
        c("scaled word ids", with("data: {source: spam-assassin, scaling: unit}\n" + MODEL),
            "data.scaling: must be 'none' for a text source: its features are word ids"),
        c("wrong type", with(DATA + MODEL + "training: {epochs: ten}\n"),
            "training.epochs: expected an integer, found 'ten'"),
        c("fraction for an integer", with(DATA + MODEL + "training: {workers: 2.5}\n"),
            "training.workers: expected an integer, found 2.5"),
        c("section not a mapping", with(DATA + MODEL + "training: 5\n"),
            "training: expected a mapping, found 5"),
        c("averaging frequency below 1",
            with(DATA + MODEL + "training: {averagingFrequency: 0}\n"),
            "training.averagingFrequency: must be >= 1, found 0"),
        c("plateau factor of 1", with(DATA + MODEL
                + "training: {reduceOnPlateau: {factor: 1}}\n"),
            "training.reduceOnPlateau.factor: must be in (0, 1), found 1"),
        c("plateau with an unknown monitor", with(DATA + MODEL
                + "training: {reduceOnPlateau: {monitor: val_loss}}\n"),
            "training.reduceOnPlateau.monitor: unknown value 'val_loss' (expected one of: "
                + "validation-loss, validation-accuracy, validation-rmse, validation-mae, "
                + "validation-r2, validation-subset-accuracy, validation-macro-f1, validation-auc, "
                + "validation-brier)"),
        c("early stopping without patience", with(DATA + MODEL
                + "training: {earlyStopping: {patience: 0}}\n"),
            "training.earlyStopping.patience: must be >= 1, found 0"),
        c("negative minDelta", with(DATA + MODEL
                + "training: {earlyStopping: {minDelta: -0.1}}\n"),
            "training.earlyStopping.minDelta: must be >= 0, found -0.1"),
        c("no rollbacks", with(DATA + MODEL
                + "training: {onDivergence: rollback, maxRollbacks: 0}\n"),
            "training.maxRollbacks: must be >= 1, found 0"),
        c("plateau on the dl4j engine", with(DATA + MODEL
                + "training: {engine: dl4j-parameter-averaging, reduceOnPlateau: {}}\n"),
            "training.reduceOnPlateau: not supported by engine 'dl4j-parameter-averaging' (its "
                + "rates live in DL4J's training master)"),
        c("batch schedule epochs out of order", with(DATA + MODEL
                + "training: {batchSchedule: {factor: 2, epochs: [5, 3], maxBatchSize: 512}}\n"),
            "training.batchSchedule.epochs[1]: must be above the epoch before it, found 3"),
        c("batch cap below the batch", with(DATA + MODEL + "training: {batchSize: 64, "
                + "batchSchedule: {factor: 2, epochs: [3], maxBatchSize: 32}}\n"),
            "training.batchSchedule.maxBatchSize: must be >= training.batchSize (64), found 32"),
        c("linear scaling without a reference", with(DATA + MODEL
                + "training: {linearScaling: {referenceBatch: 0}}\n"),
            "training.linearScaling.referenceBatch: must be >= 1, found 0"),
        c("batch schedule with full batch", with(DATA + MODEL + "training: {gradientDescent: "
                + "full-batch, batchSchedule: {factor: 2, epochs: [3], maxBatchSize: 512}}\n"),
            "training.batchSchedule: only with gradientDescent: mini-batch"),
        c("unknown last batch rule", with(DATA + MODEL + "training: {lastBatch: skip}\n"),
            "training.lastBatch: unknown value 'skip' (expected one of: keep, drop, pad)"),
        c("backstitch with adam", with(DATA + MODEL
                + "optimizer: {type: adam}\ntraining: {backstitch: {alpha: 0.3}}\n"),
            "training.backstitch: needs optimizer.type: sgd (its second step scales the "
                + "gradient, which only a rule linear in the gradient turns into a scaled step)"),
        c("backstitch alpha of 0", with(DATA + MODEL
                + "optimizer: {type: sgd}\ntraining: {backstitch: {alpha: 0}}\n"),
            "training.backstitch.alpha: must be > 0, found 0"),
        c("non-positive learning rate",
            with(DATA + MODEL + "optimizer: {learningRate: -0.1}\n"),
            "optimizer.learningRate: must be > 0, found -0.1"),
        c("beta2 of 1", with(DATA + MODEL + "optimizer: {beta2: 1.0}\n"),
            "optimizer.beta2: must be in [0, 1), found 1.0"),
        c("beta1 given to sgd", with(DATA + MODEL + "optimizer: {type: sgd, beta1: 0.5}\n"),
            "optimizer.beta1: not allowed for optimizer 'sgd'"),
        c("step schedule without step", with(DATA + MODEL
                + "optimizer: {schedule: {type: step, decayRate: 0.5}}\n"),
            "optimizer.schedule.step: missing required key"),
        c("exponential decay above 1", with(DATA + MODEL
                + "optimizer: {schedule: {type: exponential, decayRate: 1.5}}\n"),
            "optimizer.schedule.decayRate: must be in (0, 1], found 1.5"),
        c("beta3 given to adam", with(DATA + MODEL + "optimizer: {type: adam, beta3: 0.9}\n"),
            "optimizer.beta3: not allowed for optimizer 'adam'"),
        c("epsilon given to adamax",
            with(DATA + MODEL + "optimizer: {type: adamax, epsilon: 1.0e-7}\n"),
            "optimizer.epsilon: not allowed for optimizer 'adamax'"),
        c("learning rate given to adadelta",
            with(DATA + MODEL + "optimizer: {type: adadelta, learningRate: 0.1}\n"),
            "optimizer.learningRate: not allowed for optimizer 'adadelta': it sets its own step "
                + "sizes (Zeiler 2012)"),
        c("schedule given to adadelta", with(DATA + MODEL
                + "optimizer: {type: adadelta, schedule: {type: cosine, period: 5}}\n"),
            "optimizer.schedule: not allowed for optimizer 'adadelta': it sets its own step "
                + "sizes (Zeiler 2012)"),
        c("rho of 1", with(DATA + MODEL + "optimizer: {type: rmsprop, rho: 1.0}\n"),
            "optimizer.rho: must be in [0, 1), found 1.0"),
        c("beta3 of 1", with(DATA + MODEL + "optimizer: {type: adamod, beta3: 1.0}\n"),
            "optimizer.beta3: must be in [0, 1), found 1.0"),
        c("negative weight decay", with(DATA + MODEL + "optimizer: {weightDecay: -0.1}\n"),
            "optimizer.weightDecay: must be >= 0, found -0.1"),
        c("clip by value and by norm at once",
            with(DATA + MODEL + "optimizer: {clip: {value: 1, globalNorm: 2}}\n"),
            "optimizer.clip: must give exactly one of value, globalNorm, found "
                + "{\"value\":1,\"globalNorm\":2}"),
        c("clip with an unknown key", with(DATA + MODEL + "optimizer: {clip: {norm: 2}}\n"),
            "optimizer.clip.norm: unknown key (expected one of: value, globalNorm)",
            "optimizer.clip: must give exactly one of value, globalNorm, found {\"norm\":2}"),
        c("clip at zero", with(DATA + MODEL + "optimizer: {clip: {globalNorm: 0}}\n"),
            "optimizer.clip.globalNorm: must be > 0, found 0"),
        c("unknown schedule", with(DATA + MODEL + "optimizer: {schedule: {type: onecycle}}\n"),
            "optimizer.schedule.type: unknown value 'onecycle' (expected one of: constant, step, "
                + "exponential, inverse, polynomial, cosine, cyclical)"),
        c("cosine without period",
            with(DATA + MODEL + "optimizer: {schedule: {type: cosine}}\n"),
            "optimizer.schedule.period: missing required key"),
        c("power given to cosine", with(DATA + MODEL
                + "optimizer: {schedule: {type: cosine, period: 10, power: 2}}\n"),
            "optimizer.schedule.power: not allowed for schedule 'cosine'"),
        c("cosine multiplier of 0", with(DATA + MODEL
                + "optimizer: {schedule: {type: cosine, period: 10, multiplier: 0}}\n"),
            "optimizer.schedule.multiplier: must be >= 1, found 0"),
        c("polynomial floor above the rate", with(DATA + MODEL + "optimizer: {learningRate: 0.01, "
                + "schedule: {type: polynomial, period: 10, minLearningRate: 0.02}}\n"),
            "optimizer.schedule.minLearningRate: must be < optimizer.learningRate (0.01), found "
                + "0.02"),
        c("cyclical top below the rate", with(DATA + MODEL + "optimizer: {learningRate: 0.01, "
                + "schedule: {type: cyclical, step: 4, maxLearningRate: 0.005}}\n"),
            "optimizer.schedule.maxLearningRate: must be > optimizer.learningRate (0.01), found "
                + "0.005"),
        c("cyclical without its top", with(DATA + MODEL
                + "optimizer: {schedule: {type: cyclical, step: 4}}\n"),
            "optimizer.schedule.maxLearningRate: missing required key"),
        c("negative warm-up", with(DATA + MODEL + "optimizer: {schedule: {warmup: -1}}\n"),
            "optimizer.schedule.warmup: must be >= 0, found -1"),
        c("unknown loss", layers("{type: output, units: 3, loss: svm}"),
            "model.layers[0].loss: unknown value 'svm' (expected one of: mcxent, "
                + "negativeloglikelihood, mse, xent, hinge, squared-hinge, mae, huber, "
                + "contrastive, barlow, kl)"),
        c("margin for another loss", layers("{type: loss, loss: mse, margin: 1.0}"),
            "model.layers[0].margin: only allowed with loss contrastive, found loss 'mse'"),
        c("non-positive margin", layers("{type: loss, loss: contrastive, margin: 0}"),
            "model.layers[0].margin: must be > 0, found 0"),
        c("lambda for another loss", layers("{type: loss, loss: contrastive, lambda: 0.01}"),
            "model.layers[0].lambda: only allowed with loss barlow, found loss 'contrastive'"),
        c("negative lambda", layers("{type: loss, loss: barlow, lambda: -0.1}"),
            "model.layers[0].lambda: must be >= 0, found -0.1"),
        c("representation loss on an output layer",
            layers("{type: output, units: 3, loss: contrastive}"),
            "model.layers[0].loss: 'contrastive' belongs on a layer of type 'loss' (it reads the "
                + "layer below, not targets), found type 'output'"),
        c("label smoothing for mse", layers("{type: output, units: 3, loss: mse, "
                + "labelSmoothing: 0.1}"),
            "model.layers[0].labelSmoothing: only allowed with loss mcxent or "
                + "negativeloglikelihood, found loss 'mse'"),
        c("label smoothing of 1", layers("{type: output, units: 3, labelSmoothing: 1.0}"),
            "model.layers[0].labelSmoothing: must be in [0, 1), found 1.0"),
        c("label smoothing without softmax", layers("{type: output, units: 3, "
                + "activation: sigmoid, labelSmoothing: 0.1}"),
            "model.layers[0].labelSmoothing: needs activation 'softmax', found 'sigmoid'"),
        c("huber delta for the default loss", layers("{type: output, units: 3, delta: 2}"),
            "model.layers[0].delta: only allowed with loss huber, found loss 'mcxent'"),
        c("huber delta of 0", layers("{type: output, units: 3, loss: huber, delta: 0}"),
            "model.layers[0].delta: must be > 0, found 0"),
        c("missing data section", with(MODEL), "data: missing required section"),
        c("missing name", DATA + MODEL, "name: missing required key"),
        c("bad name", "name: my job\n" + DATA + MODEL,
            "name: must match [A-Za-z0-9._-]+, found 'my job'"),
        c("empty layers", with(DATA + "model: {layers: []}\n"),
            "model.layers: must not be empty"),
        c("layer without type", layers("{units: 3}", "{type: output, units: 3}"),
            "model.layers[0].type: missing required key"),
        c("field not allowed for layer type",
            layers("{type: dropout, dropout: 0.5, units: 3}", "{type: output, units: 3}"),
            "model.layers[0].units: not allowed for a 'dropout' layer"),
        c("last layer not output", layers("{type: output, units: 3}",
                "{type: dense, units: 3}"),
            "model.layers[0]: an 'output' layer must be the last layer",
            "model.layers[1]: the last layer must be of type 'output'"),
        c("kernel of wrong length",
            layers("{type: conv2d, filters: 4, kernel: [5]}", "{type: output, units: 3}"),
            "model.layers[0].kernel: must be a list of 2 positive integers [height, width], "
                + "found [5]"),
        c("conv1d kernel of two numbers",
            layers("{type: conv1d, filters: 4, kernel: [3, 3]}", "{type: output, units: 3}"),
            "model.layers[0].kernel: must be a list of 1 positive integer [width], found [3,3]"),
        c("batchnorm decay of 1",
            layers("{type: batchnorm, decay: 1.0}", "{type: output, units: 3}"),
            "model.layers[0].decay: must be in (0, 1), found 1.0"),
        c("layernorm epsilon of 0", layers("{type: layernorm, epsilon: 0}",
                "{type: output, units: 3}"),
            "model.layers[0].epsilon: must be > 0, found 0.0"),
        c("negative max-norm", layers("{type: output, units: 3, maxNorm: -2}"),
            "model.layers[0].maxNorm: must be > 0, found -2.0"),
        c("max-norm on a weight-normalized layer",
            layers("{type: dense, units: 4, weightNorm: true, maxNorm: 3}",
                "{type: output, units: 3}"),
            "model.layers[0].maxNorm: cannot be combined with weightNorm: the weights' length is "
                + "then the learned g"),
        c("weightNorm on a convolution",
            layers("{type: conv2d, filters: 4, kernel: [3, 3], weightNorm: true}",
                "{type: output, units: 3}"),
            "model.layers[0].weightNorm: not allowed for a 'conv2d' layer"),
        c("recurrent layer after a dense one",
            layers("{type: dense, units: 4}", "{type: lstm, units: 4}", "{type: output, units: 3}"),
            "model.layers[1]: a 'lstm' layer reads a sequence: it must come first, or after an "
                + "embedding, conv1d or recurrent layer with returnSequences: true"),
        c("a returned sequence into a dense layer",
            layers("{type: gru, units: 4, returnSequences: true}", "{type: dense, units: 4}",
                "{type: output, units: 3}"),
            "model.layers[0]: returnSequences: true needs a recurrent, global-pooling or (per-step) "
                + "output layer next, found 'dense'"),
        c("recurrent dropout of 1",
            layers("{type: rnn, units: 4, recurrentDropout: 1.0}", "{type: output, units: 3}"),
            "model.layers[0].recurrentDropout: must be in [0, 1), found 1.0"),
        c("recurrent dropout on a gru layer",
            layers("{type: gru, units: 4, recurrentDropout: 0.2}", "{type: output, units: 3}"),
            "model.layers[0].recurrentDropout: not allowed for a 'gru' layer"),
        c("bidirectional on a dense layer",
            layers("{type: dense, units: 4, bidirectional: true}", "{type: output, units: 3}"),
            "model.layers[0].bidirectional: not allowed for a 'dense' layer"),
        c("dropout probability of 1",
            layers("{type: dropout, dropout: 1.0}", "{type: output, units: 3}"),
            "model.layers[0].dropout: must be in [0, 1), found 1.0"),
        c("negative l2", layers("{type: output, units: 3, l2: -1.0}"),
            "model.layers[0].l2: must be >= 0, found -1.0"),
        c("csv without path", with("data: {source: csv}\n" + MODEL),
            "data.path: required with source 'csv'"),
        c("path without csv", with("data: {source: mnist, path: x.csv}\n" + MODEL),
            "data.path: only allowed with source 'csv'"),
        c("fractions adding up to 1",
            with("data: {source: iris, validationFraction: 0.5, testFraction: 0.5}\n" + MODEL),
            "data.testFraction: validationFraction + testFraction must be < 1, found 0.5 + 0.5"),
        c("softmax cross-entropy on a regression target",
            with("data: {source: wine, target: regression, targetColumns: [0]}\n"
                + "model: {layers: [{type: output, units: 1}]}\n"),
            "model.layers[0].loss: loss mcxent does not fit data.target regression; use one of "
                + "[mse, mae, huber]"),
        c("soft labels without their columns", with("data: {source: iris, target: soft}\n" + MODEL),
            "data.targetColumns: target soft needs at least 2 columns, one per class, found null"),
        c("target columns of a class label",
            with("data: {source: iris, targetColumns: [0, 1]}\n" + MODEL),
            "data.targetColumns: only for target soft, multi-label or regression, found target "
                + "label"),
        c("regression on images", with("data: {source: mnist, target: regression}\n" + MODEL),
            "data.target: source mnist has class labels only; regression targets come from CSV "
                + "columns (data.targetColumns)"),
        c("a series read as classes", with("data: {source: sunspots, target: label}\n" + MODEL),
            "data.target: source sunspots forecasts the next value of its series, a regression "
                + "target, found label"),
        c("a series rescaled", with("data: {source: co2, scaling: unit}\n" + MODEL),
            "data.scaling: " + DataSpec.SERIES_SCALING_RULE),
        c("names read as classes", with("data: {source: names, target: label}\n" + MODEL),
            "data.target: source names is read as character sequences, whose target is each "
                + "step's next character (next-step), found label"),
        c("next-step on images", with("data: {source: mnist, target: next-step}\n" + MODEL),
            "data.target: next-step is the target of a character source (names), found source "
                + "mnist"),
        c("names rescaled", with("data: {source: names, scaling: unit}\n" + MODEL),
            "data.scaling: source names reads characters, which are not scaled; use none, found "
                + "unit"),
        c("next-step with one output per name", with("data: {source: names}\n"
                + "model: {layers: [{type: lstm, units: 8}, {type: output, units: 29}]}\n"),
            "model.layers[1]: data.target next-step predicts every step: the output layer must "
                + "follow an rnn or lstm layer with returnSequences: true"),
        c("per-step output on class labels", with(DATA + "model: {layers: [{type: lstm, units: 8, "
                + "returnSequences: true}, {type: output, units: 3}]}\n"),
            "model.layers[1]: an output after returnSequences: true predicts every step, which "
                + "needs data.target next-step, found label"),
        c("a regression score monitored on classes",
            with(DATA + MODEL + "training: {earlyStopping: {monitor: validation-rmse}}\n"),
            "training.earlyStopping.monitor: validation-rmse is not a score of data.target label"),
        c("multi-label targets on DL4J's engine",
            with("data: {source: mnist-attributes, target: multi-label}\n"
                + "model: {layers: [{type: output, units: 3, activation: sigmoid, loss: xent}]}\n"
                + "training: {engine: dl4j-parameter-averaging}\n"),
            "training.engine: dl4j-parameter-averaging trains on class labels only; data.target "
                + "multi-label needs engine sparktrain"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheFieldPathOfEachBrokenRule(String rule, String yaml, List<String> expected) {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.parse(yaml, rule));
    assertEquals(expected, e.problems());
  }
}
