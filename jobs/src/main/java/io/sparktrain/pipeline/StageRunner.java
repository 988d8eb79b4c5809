package io.sparktrain.pipeline;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.embed.Word2VecJob;
import io.sparktrain.report.EvaluationReport;
import io.sparktrain.runs.AtomicWrite;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.OutputException;
import io.sparktrain.spec.StageSpec;
import io.sparktrain.train.EvalResult;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.Target;
import io.sparktrain.transfer.FeatureExtractor;
import io.sparktrain.transfer.ModelSources;
import io.sparktrain.transfer.StageNetworks;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The stages that do not train: {@code evaluate}, {@code extract-features} and {@code export}.
 * Each reads its input model, does its work, and marks its directory finished in {@code run.json}
 * last, so an interrupted stage is simply run again.
 */
final class StageRunner {

  /** Where extract-features writes when its spec gives no path. */
  static final String FEATURES = "features.parquet";

  private final JavaSparkContext sc;
  private final DataCache cache;
  private final PrintStream console;
  private final Function<DataSpec, List<String>> vocabulary;

  /** @param vocabulary the words that number a text source's word ids (see {@link TrainJob}) */
  StageRunner(JavaSparkContext sc, DataCache cache, PrintStream console,
      Function<DataSpec, List<String>> vocabulary) {
    this.sc = sc;
    this.cache = cache;
    this.console = console;
    this.vocabulary = vocabulary;
  }

  void run(StageSpec stage, RunDirectory dir, ModelSources.Located input, String resolved,
      RunRecord.StageRef ref) {
    dir.writeText(RunDirectory.SPEC, resolved);
    if (stage.type() == StageSpec.Type.PRETRAIN_W2V) {
      // Word2VecJob writes run.json itself, "finished" last.
      new Word2VecJob(sc, cache, console).runIn(dir, stage.word2vec(), ref);
      return;
    }
    RunRecord record = RunRecord.started(null, null, null).withStage(ref);
    dir.writeJson(RunDirectory.RUN, record);
    MultiLayerNetwork network = ModelSources.load(input.file(), sc.hadoopConfiguration());
    RunRecord done = switch (stage.type()) {
      case EVALUATE -> record.withTest(evaluate(stage, dir, network));
      case EXTRACT_FEATURES -> record.withOutput(extract(stage, dir, network));
      case EXPORT -> record.withOutput(export(stage, input));
      default -> throw new IllegalStateException("a training stage: " + stage.type());
    };
    dir.writeJson(RunDirectory.RUN, done.finishedNow());
  }

  private RunRecord.TestScores evaluate(StageSpec stage, RunDirectory dir,
      MultiLayerNetwork network) {
    DataSpec dataSpec = stage.job().data();
    LabeledData data = LabeledDataLoader.load(sc, dataSpec, stage.job().training().workers(),
        cache, vocabulary.apply(dataSpec));
    Target target = new Target(data.numClasses(), dataSpec.target() == DataSpec.Target.INPUT);
    try (Evaluator evaluator = new Evaluator(sc, target)) {
      EvalResult test = evaluator.evaluate(network, data.test());
      dir.writeText(EvaluationReport.FILE, EvaluationReport.toJson(test, data.numClasses()));
      console.printf("  test accuracy %.2f%%, loss %.4f on %d examples of %s%n",
          100 * test.accuracy(), test.meanLoss(), test.examples(), dataSpec.source());
      return new RunRecord.TestScores(test.examples(), test.accuracy(), test.meanLoss(),
          null);
    } finally {
      data.unpersist();
    }
  }

  private RunRecord.StageOutput extract(StageSpec stage, RunDirectory dir,
      MultiLayerNetwork network) {
    LabeledData data = LabeledDataLoader.load(sc, stage.job().data(),
        stage.job().training().workers(), cache, vocabulary.apply(stage.job().data()));
    try {
      JavaRDD<Example> split = switch (stage.split()) {
        case TRAIN -> data.train();
        case VALIDATION -> data.validation();
        case TEST -> data.test();
      };
      int layer = StageNetworks.layerIndex(network, stage.layer(), "layer");
      String path = stage.path() != null ? stage.path() : dir.file(FEATURES).toString();
      long rows = FeatureExtractor.write(sc, network, layer, split, path);
      console.printf("  wrote %,d rows of layer %d activations to %s%n", rows, layer, path);
      return new RunRecord.StageOutput(layer, rows, path, null, null);
    } finally {
      data.unpersist();
    }
  }

  /** Copies the model to its destination atomically. */
  private RunRecord.StageOutput export(StageSpec stage, ModelSources.Located input) {
    Path target = new Path(stage.path());
    try {
      FileSystem in = input.file().getFileSystem(sc.hadoopConfiguration());
      FileSystem out = target.getFileSystem(sc.hadoopConfiguration());
      try (InputStream from = in.open(input.file())) {
        AtomicWrite.file(out, out.makeQualified(target), from::transferTo);
      }
      console.printf("  model exported to %s%n", target);
      return new RunRecord.StageOutput(null, null, null, out.makeQualified(target).toString(),
          input.sha256());
    } catch (IOException e) {
      throw new OutputException("export: cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
