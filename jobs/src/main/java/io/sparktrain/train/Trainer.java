package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.model.LearningRates;
import io.sparktrain.train.replica.GlobalState;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;

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
  private final EpochRules rules;
  private final BestModel best;

  /**
   * @param rules what happens between epochs (rate on plateau, early stopping, rollback); the
   *     observers that checkpoint read its {@link EpochRules#state()} after every epoch
   * @param best where early stopping keeps the best weights; unused without early stopping
   */
  public Trainer(TrainingEngine engine, Evaluator evaluator, List<TrainingObserver> observers,
      EpochRules rules, BestModel best) {
    this.engine = engine;
    this.evaluator = evaluator;
    this.observers = List.copyOf(observers);
    this.rules = rules;
    this.best = best;
  }

  /**
   * Trains epochs {@code [firstEpoch, epochs)}.
   *
   * @param train the training split (for the train-accuracy sample)
   * @param validation the validation split; may be empty
   * @return the trained model, a stack or a graph as the engine's
   */
  public Model run(
      JavaRDD<Example> train, JavaRDD<Example> validation, int firstEpoch, int epochs, long seed) {
    JavaRDD<Example> trainSample = sample(train, seed);
    Model model;
    try {
      model = epochs(trainSample, validation, firstEpoch, epochs);
    } catch (RuntimeException | Error e) {
      ended(e);
      throw e;
    } finally {
      if (trainSample != train) {
        trainSample.unpersist(false);
      }
    }
    ended(null);
    return model;
  }

  /** Tells every observer the epochs are over; after a {@code failure}, without hiding it. */
  private void ended(Throwable failure) {
    for (TrainingObserver observer : observers) {
      try {
        observer.onTrainingEnd();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
  }

  private Model epochs(
      JavaRDD<Example> trainSample, JavaRDD<Example> validation, int firstEpoch, int epochs) {
    RoundListener progress = (epoch, round, rounds, done, loss, seconds) ->
        observers.forEach(o -> o.onRound(epoch, round, rounds, done, loss, seconds));
    engine.setRateScale(rules.rateScale());
    // The engine scores both splits on its workers where it can: no evaluation job between two
    // epochs, and the workers need not give back their task slots for one.
    engine.keepWorkers(evaluator.target(), List.of(validation, trainSample));
    try {
      return trainEpochs(validation, trainSample, firstEpoch, epochs, progress);
    } finally {
      engine.releaseWorkers();
    }
  }

  private Model trainEpochs(JavaRDD<Example> validation, JavaRDD<Example> trainSample,
      int firstEpoch, int epochs, RoundListener progress) {
    for (int epoch = firstEpoch; epoch < epochs; epoch++) {
      long start = System.nanoTime();
      EpochResult result = trainOrRollBack(epoch, progress);
      Model model = engine.network();
      // An engine that does not keep its workers, or an epoch it could not run with them (short
      // of slots), comes unscored; no workers are held then, so the evaluation job can run.
      List<EvalResult> scores = !result.scores().isEmpty() ? result.scores()
          : evaluator.evaluate(model, List.of(validation, trainSample));
      EvalResult onValidation = scores.get(0);
      EvalResult onTrain = scores.get(1);
      EpochRules.Decision decision = rules.afterEpoch(epoch + 1, onValidation.scores());
      engine.setRateScale(decision.rateScale());
      if (decision.newBest()) {
        best.keep(model, epoch + 1);
      }
      EpochMetrics metrics = new EpochMetrics(epoch + 1, epochs, result.iteration(),
          result.meanLoss(), onValidation.meanLoss(), onTrain.accuracy(),
          onValidation.accuracy(), LearningRates.current(model) * decision.rateScale(),
          result.samplesPerSecond(), (System.nanoTime() - start) / 1e9,
          onTrain.accuracy() - onValidation.accuracy(),
          onValidation.meanLoss() - onTrain.meanLoss(), result.batchSize(),
          onValidation.targetScores().isEmpty() ? null : onValidation.targetScores());
      observers.forEach(o -> o.onEpoch(metrics));
      decision.notices().forEach(line -> observers.forEach(o -> o.onNotice(line)));
      if (decision.stop()) {
        break;
      }
    }
    return rules.restoresBest() && rules.bestEpoch() > 0 ? best.restore() : engine.network();
  }

  /**
   * One epoch; when it diverges and the spec allows, again from the state before it at half the
   * rate, until it trains or the rollbacks run out.
   */
  private EpochResult trainOrRollBack(int epoch, RoundListener progress) {
    while (true) {
      GlobalState before = rules.rollsBack() ? engine.snapshot() : null;
      try {
        return engine.trainEpoch(epoch, progress);
      } catch (DivergedException e) {
        double scale = rules.rollBack(e);
        engine.restore(before);
        engine.setRateScale(scale);
        String line = String.format("epoch %d diverged: rolled back to the state after epoch %d, "
            + "learning rate now %.3g (rollback %d)", epoch + 1, epoch,
            LearningRates.current(engine.network()) * scale, rules.rollbacks());
        observers.forEach(o -> o.onNotice(line));
      }
    }
  }

  /**
   * The training examples every epoch scores, drawn once and kept: the same seed would draw the
   * same sample every epoch, at the price of a pass over the training split.
   */
  private static JavaRDD<Example> sample(JavaRDD<Example> train, long seed) {
    long count = train.count();
    return count <= TRAIN_SAMPLE
        ? train
        : train.sample(false, (double) TRAIN_SAMPLE / count, seed)
            .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
