package io.sparktrain.train;

import io.sparktrain.data.Example;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Runs the epochs of a training over any {@link TrainingEngine}: train, evaluate the averaged model
 * on the validation split and on a training sample (on the executors), tell the observers.
 */
public final class Trainer {

  /** At most this many training examples are evaluated per epoch for the train accuracy. */
  public static final int TRAIN_SAMPLE = 10_000;

  private final TrainingEngine engine;
  private final Evaluator evaluator;
  private final List<TrainingObserver> observers;

  public Trainer(TrainingEngine engine, Evaluator evaluator, List<TrainingObserver> observers) {
    this.engine = engine;
    this.evaluator = evaluator;
    this.observers = List.copyOf(observers);
  }

  /**
   * Trains epochs {@code [firstEpoch, epochs)}.
   *
   * @param train the training split (for the train-accuracy sample)
   * @param validation the validation split; may be empty
   * @return the trained model
   */
  public MultiLayerNetwork run(
      JavaRDD<Example> train, JavaRDD<Example> validation, int firstEpoch, int epochs, long seed) {
    JavaRDD<Example> trainSample = sample(train, seed);
    RoundListener progress = (epoch, round, rounds, done, loss, seconds) ->
        observers.forEach(o -> o.onRound(epoch, round, rounds, done, loss, seconds));
    for (int epoch = firstEpoch; epoch < epochs; epoch++) {
      long start = System.nanoTime();
      EpochResult result = engine.trainEpoch(epoch, progress);
      MultiLayerNetwork model = engine.model();
      EvalResult onValidation = evaluator.evaluate(model, validation);
      EvalResult onTrain = evaluator.evaluate(model, trainSample);
      EpochMetrics metrics = new EpochMetrics(epoch + 1, epochs, result.iteration(),
          result.meanLoss(), onValidation.meanLoss(), onTrain.accuracy(),
          onValidation.accuracy(), LearningRates.current(model), result.samplesPerSecond(),
          (System.nanoTime() - start) / 1e9);
      observers.forEach(o -> o.onEpoch(metrics));
    }
    return engine.model();
  }

  private static JavaRDD<Example> sample(JavaRDD<Example> train, long seed) {
    long count = train.count();
    return count <= TRAIN_SAMPLE
        ? train
        : train.sample(false, (double) TRAIN_SAMPLE / count, seed);
  }
}
