package io.sparktrain.bench;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.NetworkFactory;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.train.AveragingEngine;
import io.sparktrain.train.Dl4jBaselineEngine;
import io.sparktrain.train.EngineOptions;
import io.sparktrain.train.EpochResult;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.KryoSetup;
import io.sparktrain.train.RoundListener;
import io.sparktrain.train.Seeds;
import io.sparktrain.train.Shard;
import io.sparktrain.train.TrainingEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Samples/s of one training epoch on real MNIST, the default job's MLP (784-512-256-10, Adam, batch
 * 64 per worker), for single-machine DL4J on one thread (the no-overhead reference), sparktrain's
 * engine at local[2] with averaging every 1, 5 and 20 steps, and DL4J's
 * ParameterAveragingTrainingMaster at 5 and 20. Every candidate trains two epochs from the same
 * initial network and only the second is timed (the first pays for JIT, replica creation and
 * caching); its validation accuracy is printed beside its speed, so that a fast candidate that
 * learns nothing shows.
 *
 * <p>{@code benchmarks/run.sh [examples]} (default 12,000 MNIST training records).
 */
public final class EngineBenchmark {

  private static final Path SPEC = Path.of("conf", "mnist-mlp.yaml");

  private EngineBenchmark() {}

  /** One measured candidate. */
  record Row(String name, double samplesPerSecond, double validationAccuracy) {}

  public static void main(String[] args) {
    int examples = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
    JobSpec job = SpecReader.read(SPEC);
    DataSpec d = job.data();
    DataSpec data = new DataSpec(d.source(), d.path(), d.testPath(), d.labelColumn(), d.header(),
        d.validationFraction(), d.testFraction(), d.scaling(), d.shuffleSeed(), examples);
    SparkConf conf = KryoSetup.apply(new SparkConf().setMaster("local[2]")
        .setAppName("sparktrain engine benchmark").set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1"));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(
        SparkSession.builder().config(conf).getOrCreate().sparkContext());
    try {
      LabeledData mnist = LabeledDataLoader.load(sc, data, 2, DataCache.fromEnvironment());
      System.out.printf("MNIST: %d train / %d validation examples; %s, batch %d per worker%n",
          mnist.trainCount(), mnist.validationCount(), "784-512-256-10 MLP, Adam",
          job.training().batchSize());
      List<Row> rows = new ArrayList<>();
      try (Evaluator evaluator = new Evaluator(sc, mnist.numClasses())) {
        rows.add(singleMachine(job, mnist, evaluator));
        for (int frequency : new int[] {1, 5, 20}) {
          rows.add(distributed("sparktrain local[2], every " + frequency, job, mnist, evaluator,
              frequency, false));
        }
        for (int frequency : new int[] {5, 20}) {
          rows.add(distributed("DL4J ParameterAveraging local[2], every " + frequency, job, mnist,
              evaluator, frequency, true));
        }
      }
      print(rows);
    } finally {
      sc.stop();
    }
  }

  private static MultiLayerNetwork network(JobSpec job, LabeledData data) {
    MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configuration(job.model(),
        job.optimizer(), job.training().seed(), InputShape.flat(data.numFeatures())));
    network.init();
    return network;
  }

  /** Plain DL4J in this JVM: the same examples and batch, no Spark in the loop. */
  private static Row singleMachine(JobSpec job, LabeledData data, Evaluator evaluator) {
    List<Example> examples = data.train().collect();
    Shard shard = Shard.of(examples.iterator(), data.numClasses());
    MultiLayerNetwork network = network(job, data);
    int batch = job.training().batchSize();
    double seconds = 0;
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = shard.order(Seeds.shuffle(job.training().seed(), epoch, 0), true);
      long start = System.nanoTime();
      for (int from = 0; from < order.length; from += batch) {
        network.fit(shard.batch(order, from, Math.min(from + batch, order.length)));
      }
      seconds = (System.nanoTime() - start) / 1e9;
    }
    return new Row("DL4J single machine, 1 thread", shard.size() / seconds,
        evaluator.evaluate(network, data.validation()).accuracy());
  }

  private static Row distributed(String name, JobSpec job, LabeledData data, Evaluator evaluator,
      int frequency, boolean dl4j) {
    EngineOptions options = new EngineOptions(job.training().batchSize(), frequency,
        data.numClasses(), job.training().seed(), true);
    JavaRDD<Example> train = data.train();
    MultiLayerNetwork initial = network(job, data);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.context());
    try (TrainingEngine engine = dl4j
        ? new Dl4jBaselineEngine(sc, train, initial, options)
        : new AveragingEngine(sc, train, initial, options)) {
      EpochResult last = null;
      for (int epoch = 0; epoch < 2; epoch++) {
        last = engine.trainEpoch(epoch, RoundListener.NONE);
      }
      return new Row(name, last.samplesPerSecond(),
          evaluator.evaluate(engine.model(), data.validation()).accuracy());
    }
  }

  private static void print(List<Row> rows) {
    double reference = rows.get(0).samplesPerSecond();
    System.out.printf("%n%-44s %12s %10s %14s%n", "candidate", "samples/s", "ratio",
        "val accuracy");
    for (Row row : rows) {
      System.out.printf("%-44s %,12.0f %9.2fx %13.2f%%%n", row.name(), row.samplesPerSecond(),
          row.samplesPerSecond() / reference, 100 * row.validationAccuracy());
    }
    System.out.println("ratio: samples/s over DL4J single machine, 1 thread, measured in this run");
  }
}
