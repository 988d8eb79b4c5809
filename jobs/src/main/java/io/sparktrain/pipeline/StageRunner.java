package io.sparktrain.pipeline;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.embed.Word2VecJob;
import io.sparktrain.report.EvaluationReport;
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
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
      Map<String, Object> extra) {
    dir.writeText(TrainJob.SPEC, resolved);
    if (stage.type() == StageSpec.Type.PRETRAIN_W2V) {
      // Word2VecJob writes run.json itself, "finished" last.
      new Word2VecJob(sc, cache, console).runIn(dir, stage.word2vec(), extra);
      return;
    }
    Map<String, Object> provenance = new LinkedHashMap<>(extra);
    provenance.put("status", "running");
    provenance.put("startedAt", Instant.now().toString());
    dir.writeJson(TrainJob.RUN, provenance);
    MultiLayerNetwork network = ModelSources.load(input.file(), sc.hadoopConfiguration());
    switch (stage.type()) {
      case EVALUATE -> evaluate(stage, dir, network, provenance);
      case EXTRACT_FEATURES -> extract(stage, dir, network, provenance);
      case EXPORT -> export(stage, input, provenance);
      default -> throw new IllegalStateException("a training stage: " + stage.type());
    }
    provenance.put("status", "finished");
    provenance.put("finishedAt", Instant.now().toString());
    dir.writeJson(TrainJob.RUN, provenance);
  }

  private void evaluate(StageSpec stage, RunDirectory dir, MultiLayerNetwork network,
      Map<String, Object> provenance) {
    DataSpec dataSpec = stage.job().data();
    LabeledData data = LabeledDataLoader.load(sc, dataSpec, stage.job().training().workers(),
        cache, vocabulary.apply(dataSpec));
    Target target = new Target(data.numClasses(), dataSpec.target() == DataSpec.Target.INPUT);
    try (Evaluator evaluator = new Evaluator(sc, target)) {
      EvalResult test = evaluator.evaluate(network, data.test());
      dir.writeText(EvaluationReport.FILE, EvaluationReport.toJson(test, data.numClasses()));
      provenance.put("testExamples", test.examples());
      provenance.put("testAccuracy", test.accuracy());
      provenance.put("testLoss", test.meanLoss());
      console.printf("  test accuracy %.2f%%, loss %.4f on %d examples of %s%n",
          100 * test.accuracy(), test.meanLoss(), test.examples(), dataSpec.source());
    } finally {
      data.unpersist();
    }
  }

  private void extract(StageSpec stage, RunDirectory dir, MultiLayerNetwork network,
      Map<String, Object> provenance) {
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
      provenance.put("layer", layer);
      provenance.put("rows", rows);
      provenance.put("features", path);
      console.printf("  wrote %,d rows of layer %d activations to %s%n", rows, layer, path);
    } finally {
      data.unpersist();
    }
  }

  /** Copies the model to its destination through a temporary file and a rename. */
  private void export(StageSpec stage, ModelSources.Located input,
      Map<String, Object> provenance) {
    Path target = new Path(stage.path());
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try {
      FileSystem in = input.file().getFileSystem(sc.hadoopConfiguration());
      FileSystem out = target.getFileSystem(sc.hadoopConfiguration());
      try (InputStream from = in.open(input.file());
          OutputStream to = out.create(temporary, true)) {
        from.transferTo(to);
      }
      out.delete(target, false);
      if (!out.rename(temporary, target)) {
        throw new IOException("rename of " + temporary + " failed");
      }
      out.delete(new Path(temporary.getParent(), "." + temporary.getName() + ".crc"), false);
      provenance.put("exportedTo", out.makeQualified(target).toString());
      provenance.put("sha256", input.sha256());
      console.printf("  model exported to %s%n", target);
    } catch (IOException e) {
      throw new OutputException("export: cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
