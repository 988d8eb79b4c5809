package io.sparktrain.pipeline;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.data.WordIds;
import io.sparktrain.embed.WordVectors;
import io.sparktrain.model.Backstitch;
import io.sparktrain.model.GradientReduction;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.model.OptimizerRules;
import io.sparktrain.model.OwnLayers;
import io.sparktrain.model.unsup.RbmLayer;
import io.sparktrain.report.ConsoleProgress;
import io.sparktrain.report.EvaluationReport;
import io.sparktrain.report.HtmlReports;
import io.sparktrain.report.MetricsLog;
import io.sparktrain.runs.CheckpointWriter;
import io.sparktrain.runs.CodeVersion;
import io.sparktrain.runs.JobLock;
import io.sparktrain.runs.ModelFiles;
import io.sparktrain.runs.NetworkZips;
import io.sparktrain.runs.ResumableRun;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecWriter;
import io.sparktrain.spec.TrainingSpec;
import io.sparktrain.spec.YamlNames;
import io.sparktrain.train.EngineOptions;
import io.sparktrain.train.Engines;
import io.sparktrain.train.EpochRules;
import io.sparktrain.train.EvalResult;
import io.sparktrain.train.Target;
import io.sparktrain.train.TrainableParameters;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.Networks;
import io.sparktrain.train.Trainer;
import io.sparktrain.train.TrainingEngine;
import io.sparktrain.train.TrainingObserver;
import io.sparktrain.transfer.PretrainedEmbeddings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The {@code train} stage: spec to data shards, network, engine and epochs, then the test
 * evaluation and model, all into a fresh run directory.
 */
public final class TrainJob {

  private final JavaSparkContext sc;
  private final DataCache cache;
  private final PrintStream console;
  private final List<TrainingObserver> extraObservers;
  private String vectorsLocation;
  private WordVectors vectors;

  public TrainJob(JavaSparkContext sc, DataCache cache, PrintStream console) {
    this(sc, cache, console, List.of());
  }

  /**
   * With observers told of the rounds and epochs after the job's own (tests interrupt here; a
   * search pauses a trial at a halving rung by throwing from one, after the epoch's checkpoint).
   */
  public TrainJob(JavaSparkContext sc, DataCache cache, PrintStream console,
      List<TrainingObserver> extraObservers) {
    this.sc = sc;
    this.cache = cache;
    this.console = console;
    this.extraObservers = List.copyOf(extraObservers);
  }

  /** Runs the job, resuming its latest unfinished run of the same spec if there is one. */
  public TrainResult run(JobSpec spec, String runsDir) {
    return run(spec, runsDir, false);
  }

  /**
   * Runs the job under its {@link JobLock}.
   *
   * @param runsDir where runs go; null takes the spec's {@code output.runsDir}
   * @param newRun start a fresh run even if an unfinished one of this spec could be resumed
   * @throws io.sparktrain.spec.OutputException if another run of the job holds its lock
   */
  public TrainResult run(JobSpec spec, String runsDir, boolean newRun) {
    String dir = runsDir != null ? runsDir : spec.output().runsDir();
    try (JobLock lock = JobLock.acquire(dir, spec.name(), sc.hadoopConfiguration())) {
      return runLocked(spec, dir, newRun);
    }
  }

  private TrainResult runLocked(JobSpec spec, String runsDir, boolean newRun) {
    RepresentationScores.check(spec.model());
    LabeledData data = load(spec);
    checkValidation(spec, data);
    NetworkFactory.validateAgainstData(spec.model(), target(spec, data).outputs(data.numFeatures()),
        spec.data().target() == DataSpec.Target.INPUT ? "features" : "classes");
    return train(spec, data, start(spec, runsDir, newRun, data));
  }

  /** Builds the network a stage starts from (a stack or a graph), once its data is known. */
  @FunctionalInterface
  public interface InitialNetwork {
    Model create(LabeledData data, InputShape input);
  }

  /**
   * Trains into a given directory (a pipeline stage's): resumes from its checkpoint when the
   * directory holds an unfinished run of exactly {@code resolved}, else starts from
   * {@code initial}.
   *
   * @param resolved the stage's resolved spec, written as {@link RunDirectory#SPEC}; what a resume
   *     must match
   * @param stage the stage and its inputs, recorded in {@link RunDirectory#RUN}
   */
  public TrainResult runIn(RunDirectory run, JobSpec spec, String resolved, InitialNetwork initial,
      RunRecord.StageRef stage) {
    LabeledData data = load(spec);
    checkValidation(spec, data);
    Optional<ResumableRun> resumable = ResumableRun.at(run, resolved);
    Start start;
    if (resumable.isPresent()) {
      start = resume(resumable.get(), spec);
    } else {
      Model network = initial.create(data, inputShape(spec, data));
      checkOutputs(network, target(spec, data).outputs(data.numFeatures()));
      run.writeText(RunDirectory.SPEC, resolved);
      start = new Start(run, network, 0, record(spec, run, data).withStage(stage),
          EpochRules.State.initial());
    }
    return train(spec, data, start);
  }

  /** The linear scaling rule's multiple of the spec's rate; 1 without it. */
  private double linearScale(TrainingSpec training, int batch) {
    if (training.linearScaling() == null) {
      return 1.0;
    }
    double scale = training.linearScaling().scale(training.workers(), batch);
    console.printf("linear scaling: %d workers x batch %d = %d examples per step against %d: "
        + "learning rate x%.3g%n", training.workers(), batch, training.workers() * batch,
        training.linearScaling().referenceBatch(), scale);
    return scale;
  }

  /**
   * The per-worker batch of the gradient-descent variant: full batch takes every training
   * example, so each worker's whole shard is one step.
   */
  private static int batchSize(TrainingSpec training, LabeledData data) {
    return switch (training.descent().variant()) {
      case MINI_BATCH -> training.batchSize();
      case FULL_BATCH -> Math.toIntExact(Math.max(1, data.trainCount()));
      case STOCHASTIC -> 1;
    };
  }

  /** The rules that watch the validation split need one. */
  private static void checkValidation(JobSpec spec, LabeledData data) {
    TrainingSpec t = spec.training();
    if ((t.reduceOnPlateau() != null || t.earlyStopping() != null)
        && data.validationCount() == 0) {
      throw new SpecException("spec", List.of("data.validationFraction: training."
          + (t.reduceOnPlateau() != null ? "reduceOnPlateau" : "earlyStopping")
          + " watches the validation split, which is empty"));
    }
  }

  private LabeledData load(JobSpec spec) {
    return LabeledDataLoader.load(sc, spec, cache, vocabulary(spec.data()));
  }

  /** The words that number a text source's word ids; null for other data or without vectors. */
  List<String> vocabulary(DataSpec data) {
    return data.isText() && data.vectors() != null ? vectors(data.vectors()).words() : null;
  }

  /** The word vectors of {@code location}, read once while consecutive stages share them. */
  private WordVectors vectors(String location) {
    if (!location.equals(vectorsLocation)) {
      vectors = PretrainedEmbeddings.read(location, sc.hadoopConfiguration());
      vectorsLocation = location;
    }
    return vectors;
  }

  /**
   * A new network of the spec's layers (a stack) or of its {@code model.graph} (a graph) on this
   * input, initialised from the seed, a stack's embedding layer from the data's word vectors
   * where the spec says so.
   *
   * @throws SpecException for a graph over word vectors, which only stacks take
   */
  public Model newNetwork(JobSpec spec, InputShape input) {
    if (spec.model().isGraph() && input.words() != null) {
      throw new SpecException("model", List.of("model.graph: a graph cannot read word ids "
          + "(data.vectors); use model.layers with an embedding layer"));
    }
    Model network = NetworkFactory.network(spec.model(), spec.optimizer(), spec.training().seed(),
        input);
    if (input.words() != null) {
      PretrainedEmbeddings.initialise(Networks.stack(network), spec.model(),
          vectors(spec.data().vectors()));
    }
    return network;
  }

  /** The target the data spec asks for, with the width the data has. */
  static Target targetOf(DataSpec spec, LabeledData data) {
    boolean attributes = io.sparktrain.spec.DataSource.MNIST_ATTRIBUTES.yamlName()
        .equals(spec.source());
    return Target.of(spec.target(), data.numClasses(),
        attributes ? io.sparktrain.data.DigitAttributes.NAMES : null);
  }

  /** The target, for outputs that are losses over embeddings (contrastive, barlow) loss only. */
  static Target target(JobSpec spec, LabeledData data) {
    Target target = targetOf(spec.data(), data);
    boolean embeddings = RepresentationScores.lossOf(spec.model())
        .filter(l -> l != io.sparktrain.spec.LayerSpec.Loss.KL).isPresent();
    return embeddings ? target.withLossOnly() : target;
  }

  private static void checkOutputs(Model network, int expected) {
    // An RBM's outputs are its hidden units; it is trained on its input, whatever their number.
    boolean selfTrained = Networks.outputLayer(network) instanceof RbmLayer;
    long found = selfTrained ? -1 : Networks.outputUnits(network);
    if (found >= 0 && found != expected) {
      throw new SpecException("model", List.of("the network's output layer has " + found
          + " units but the data needs " + expected + " (its classes, or its features for "
          + "data.target: input)"));
    }
  }

  private TrainResult train(JobSpec spec, LabeledData data, Start start) {
    TrainingSpec training = spec.training();
    RunDirectory run = start.run();
    int firstEpoch = start.firstEpoch();
    RunRecord record = start.record();
    console.printf("run %s: %s, %d train / %d validation / %d test examples, %d workers (%s)%n",
        run.runId(), spec.data().source(), data.trainCount(), data.validationCount(),
        data.testCount(), training.workers(), sc.master());
    run.writeJson(RunDirectory.RUN, record);
    MetricsLog metrics = new MetricsLog(run, MetricsLog.read(run, firstEpoch));
    Target target = target(spec, data);
    // Weight decay and clipping of this stage's optimizer, over whatever the network carried.
    OptimizerRules.install(start.network(), spec.optimizer());
    GradientReduction.install(start.network(), training.descent().gradient());
    if (training.backstitch() != null) {
      start.network().addListeners(new Backstitch(training.backstitch().alpha(),
          training.backstitch().every()));
    }
    int batch = batchSize(training, data);
    EngineOptions options = new EngineOptions(batch, training.averagingFrequency(), target,
        training.seed(), true, training.batchSchedule(), training.descent().lastBatch());
    try (TrainingEngine engine = engine(training, data, start.network(), options);
        Evaluator evaluator = new Evaluator(sc, target)) {
      TrainableParameters trainable = TrainableParameters.of(start.network());
      console.printf("%,d of %,d parameters trainable; %,d bytes exchanged per worker and round%n",
          trainable.count(), trainable.total(), engine.bytesPerRound());
      // The console reports an epoch once its checkpoint is safe: a run killed after the line
      // resumes after that epoch.
      EpochRules rules = new EpochRules(training, spec.optimizer().learningRate(),
          firstEpoch == 0 ? EpochRules.State.initial(linearScale(training, batch))
              : start.rules());
      CheckpointWriter checkpoints = new CheckpointWriter(run, engine::network, rules::state);
      List<TrainingObserver> observers = new ArrayList<>(List.of(metrics,
          epoch -> checkpoints.epochCompleted(epoch.epoch()), new ConsoleProgress(console)));
      observers.addAll(extraObservers);
      Model trained = new Trainer(engine, evaluator, observers, rules,
          new BestModelFile(run))
          .run(data.train(), data.validation(), firstEpoch, training.epochs(), training.seed());
      EvalResult test = evaluator.evaluate(trained, data.test());
      java.util.Map<String, Double> representation = representationScores(spec, data, trained,
          test, evaluator, run);
      run.writeText(EvaluationReport.FILE, EvaluationReport.toJson(test, data.numClasses()));
      saveModel(trained, run);
      RunRecord.TrainingFacts facts = record.training();
      // DL4J's F1: of class 1 for two classes (spam, say), else the macro average.
      Double f1 = test.evaluation().getNumRowCounter() > 0 ? test.evaluation().f1() : null;
      run.writeJson(RunDirectory.RUN, record.finishedNow()
          .withTraining(new RunRecord.TrainingFacts(facts.engine(), facts.dataSource(),
              facts.dataFingerprint(), facts.trainExamples(), facts.validationExamples(),
              engine.bytesPerRound()))
          .withTest(new RunRecord.TestScores(record.test().testExamples(), test.accuracy(),
              test.meanLoss(), f1))
          .withOutcome(outcome(test, representation, rules.stopped())));
      HtmlReports.writeRun(run);
      if (spec.data().target() == DataSpec.Target.NEXT_STEP) {
        console.println("sampled: " + String.join(", ",
            GeneratedNames.write(trained, training.seed(), run)));
      }
      if (Double.isNaN(test.accuracy())) {
        console.printf("test loss %.4f on %d examples%n", test.meanLoss(), test.examples());
      } else {
        console.printf("test accuracy %.2f%% on %d examples%n", 100 * test.accuracy(),
            test.examples());
      }
      if (!test.targetScores().isEmpty()) {
        console.println("test " + ConsoleProgress.scores(test.targetScores()));
      }
      if (!representation.isEmpty()) {
        console.println("test " + ConsoleProgress.scores(representation));
      }
      console.printf("run written to %s%n", run.displayPath());
      return new TrainResult(run, test, metrics.epochs());
    }
  }

  /**
   * The scores of a graph trained on a representation loss ({@link RepresentationScores},
   * {@link VaeScores}), each beside the same network untrained; empty for other networks.
   */
  private java.util.Map<String, Double> representationScores(JobSpec spec, LabeledData data,
      Model trained, EvalResult test, Evaluator evaluator, RunDirectory run) {
    boolean vae = VaeScores.isVae(spec.model().graph());
    if (RepresentationScores.lossOf(spec.model()).isEmpty() && !vae) {
      return java.util.Map.of();
    }
    ComputationGraph untrained = (ComputationGraph) newNetwork(spec, inputShape(spec, data));
    java.util.Map<String, Double> scores = RepresentationScores.measure(spec.model(), data,
        cache, (ComputationGraph) trained, untrained);
    if (vae) {
      scores.put("negativeElbo", test.meanLoss());
      scores.put("untrainedNegativeElbo", evaluator.evaluate(untrained, data.test()).meanLoss());
      int side = (int) Math.round(Math.sqrt(data.numFeatures()));
      VaeScores.measure(spec.model().graph(), (ComputationGraph) trained,
          data.test().take(RepresentationScores.SAMPLE), side, spec.training().seed(), run,
          scores);
    }
    return scores;
  }

  /** The target's test scores and early stopping's verdict; null when there are neither. */
  static RunRecord.Outcome outcome(EvalResult test, EpochRules.Stop stop) {
    return outcome(test, java.util.Map.of(), stop);
  }

  /** As {@link #outcome(EvalResult, EpochRules.Stop)}, {@code extra} scores beside the target's. */
  static RunRecord.Outcome outcome(EvalResult test, java.util.Map<String, Double> extra,
      EpochRules.Stop stop) {
    java.util.Map<String, Double> scores = new java.util.LinkedHashMap<>(test.targetScores());
    scores.putAll(extra);
    if (scores.isEmpty() && stop == null) {
      return null;
    }
    return new RunRecord.Outcome(scores.isEmpty() ? null : scores, stop == null ? null
        : new RunRecord.Stop(stop.reason(), stop.epoch(), stop.monitor(), stop.value(),
            stop.bestEpoch(), stop.best()));
  }

  /** Where a run begins: a fresh directory and network, or a checkpoint to continue. */
  private record Start(RunDirectory run, Model network, int firstEpoch,
      RunRecord record, EpochRules.State rules) {}

  private Start start(JobSpec spec, String runsDir, boolean newRun, LabeledData data) {
    String resolved = SpecWriter.toYaml(spec);
    Optional<ResumableRun> resumable = newRun ? Optional.empty()
        : ResumableRun.find(runsDir, spec.name(), resolved, sc.hadoopConfiguration());
    if (resumable.isPresent()) {
      return resume(resumable.get(), spec);
    }
    RunDirectory run = RunDirectory.create(runsDir, spec.name(), sc.hadoopConfiguration());
    Model network = newNetwork(spec, inputShape(spec, data));
    run.writeText(RunDirectory.SPEC, resolved);
    return new Start(run, network, 0, record(spec, run, data), EpochRules.State.initial());
  }

  private Start resume(ResumableRun r, JobSpec spec) {
    int completed = r.state().completedEpochs();
    console.printf("resuming run %s from epoch %d of %d%n", r.run().runId(), completed + 1,
        spec.training().epochs());
    EpochRules.State rules = r.state().rules() instanceof EpochRules.State saved ? saved
        : EpochRules.State.initial();
    return new Start(r.run(), OwnLayers.adopted(r.state().network()), completed,
        r.record().resumed(completed + 1), rules);
  }

  private TrainingEngine engine(
      TrainingSpec training, LabeledData data, Model network, EngineOptions options) {
    return Engines.create(training.engine(), sc, data.train(), network, options);
  }

  private InputShape inputShape(JobSpec spec, LabeledData data) {
    if (spec.data().isText()) {
      WordVectors words = vectors(spec.data().vectors());
      return InputShape.text(data.numFeatures(),
          new InputShape.Words(WordIds.rows(words.size()), words.dim()));
    }
    if (spec.data().isCharacters()) {
      return InputShape.sequence(data.numFeatures());
    }
    return InputShape.of(data.imageShape(), data.numFeatures());
  }

  /** The record of a run starting now: where it came from and the data it sees. */
  private RunRecord record(JobSpec spec, RunDirectory run, LabeledData data) {
    return RunRecord.started(spec.name(), null, run.runId())
        .withOrigin(new RunRecord.Origin(CodeVersion.current(), spec.training().seed(),
            sc.master(), sc.version()))
        .withTraining(new RunRecord.TrainingFacts(YamlNames.of(spec.training().engine()),
            spec.data().source(), data.fingerprint(), data.trainCount(), data.validationCount(),
            null))
        .withTest(new RunRecord.TestScores(data.testCount(), null, null, null));
  }

  static void saveModel(Model network, RunDirectory run) {
    ModelFiles.write(run, RunDirectory.MODEL, local -> {
      NetworkZips.write(network, local);
      return null;
    });
  }
}
