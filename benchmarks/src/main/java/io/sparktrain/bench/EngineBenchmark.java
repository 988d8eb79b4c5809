package io.sparktrain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparktrain.data.DataCache;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.data.LabeledDataLoader;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.train.BarrierEngine;
import io.sparktrain.train.Dl4jBaselineEngine;
import io.sparktrain.train.EngineOptions;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.KryoSetup;
import io.sparktrain.train.TrainingEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Training speed on real MNIST of two networks, the default job's MLP (conf/mnist-mlp.yaml) and a
 * LeNet CNN (benchmarks/mnist-lenet.yaml), both with Adam 1e-3 and batch 64 per worker, for:
 * single-machine DL4J on one thread (the no-overhead reference), sparktrain's engine with one
 * worker (its per-core speed) and at local[2] averaging every 1, 5 and 20 steps, DL4J's
 * ParameterAveragingTrainingMaster at 5 and 20, PyTorch on CPU with 1 and 2 threads
 * ({@link TorchContender}) and, for the MLP, Spark MLlib's multilayer perceptron
 * ({@link MllibContender}). Every candidate starts from the network's initial state and trains
 * the same epochs ({@link Race}): the table gives samples/s of its epochs after the first and of
 * its last two (steady), its training seconds to 97 % validation accuracy and its final
 * validation accuracy, with ratios over single-machine DL4J ({@link ResultTable}).
 *
 * <p>{@code benchmarks/run.sh [--records N] [--max-epochs N] [--networks mlp,cnn] [--json FILE]
 * [--quick]}: the first N MNIST training records, split 80/20 into train and validation (default
 * 40,000 for the MLP, which needs that many to generalise to 97 %, and 12,000 for the CNN, which
 * does with fewer and costs 8 times more per example in DL4J); N epochs, which every candidate
 * trains (default 6 for the MLP, 4 for the CNN); FILE receives the tables as JSON; {@code --quick}
 * checks the harness on 2,000 records and one epoch.
 */
public final class EngineBenchmark {

  /**
   * Per network: [records, maximum epochs]. Both networks took 18 minutes on a 2-core VM shared
   * with other work (load 5 to 7), which makes about 10 on an idle one.
   */
  static final Map<String, int[]> DEFAULTS = Map.of("mlp", new int[] {40_000, 6},
      "cnn", new int[] {12_000, 4});
  private static final int QUICK_RECORDS = 2_000;
  private static final String USAGE = "usage: EngineBenchmark [--records N] [--max-epochs N]"
      + " [--networks mlp,cnn] [--json FILE] [--quick] [--exchange-only]"
      + " [--ceiling mlp=SAMPLES_PER_S,cnn=SAMPLES_PER_S] [--bracket SECONDS]"
      + " [--only TEXT]";
  /** The row whose share of the ceiling the acceptance reads, and which the bracket surrounds. */
  static final String BRACKETED = "sparktrain local[2], averaging every 5";

  private EngineBenchmark() {}

  /** The command line; a null records or maxEpochs takes each network's default. */
  private record Options(Integer records, Integer maxEpochs, List<String> networks, Path json,
      boolean exchange, Map<String, Double> ceiling, int bracketSeconds, String only) {

    static Options parse(String[] args) {
      Integer records = null;
      Integer maxEpochs = null;
      List<String> networks = List.of("mlp", "cnn");
      Path json = null;
      boolean exchange = true;
      Map<String, Double> ceiling = new LinkedHashMap<>();
      int bracketSeconds = 0;
      String only = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--records" -> records = Integer.parseInt(args[++i]);
          case "--max-epochs" -> maxEpochs = Integer.parseInt(args[++i]);
          case "--networks" -> networks = List.of(args[++i].split(","));
          case "--json" -> json = Path.of(args[++i]);
          case "--quick" -> {
            records = QUICK_RECORDS;
            maxEpochs = 1;
            exchange = false;
          }
          case "--exchange-only" -> networks = List.of();
          case "--ceiling" -> {
            for (String pair : args[++i].split(",")) {
              String[] kv = pair.split("=");
              ceiling.put(kv[0], Double.parseDouble(kv[1]));
            }
          }
          case "--bracket" -> bracketSeconds = Integer.parseInt(args[++i]);
          // Races only the rows whose name contains TEXT, as when profiling one, and no exchange
          // rows; the ratios are then over the first row it races.
          case "--only" -> {
            only = args[++i];
            exchange = false;
          }
          default -> usage();
        }
      }
      if (!DEFAULTS.keySet().containsAll(networks)) {
        usage();
      }
      return new Options(records, maxEpochs, networks, json, exchange, ceiling, bracketSeconds,
          only);
    }

    private static void usage() {
      System.err.println(USAGE);
      System.exit(2);
    }

    int records(BenchNetwork network) {
      return records != null ? records : DEFAULTS.get(network.key())[0];
    }

    int maxEpochs(BenchNetwork network) {
      return maxEpochs != null ? maxEpochs : DEFAULTS.get(network.key())[1];
    }
  }

  /**
   * The engine the sparktrain rows measure. One place, so that a new engine with the same
   * constructor is benchmarked by changing this line.
   */
  static TrainingEngine sparktrainEngine(JavaSparkContext sc, JavaRDD<Example> train,
      MultiLayerNetwork initial, EngineOptions options) {
    return new BarrierEngine(sc, train, initial, options);
  }

  /**
   * Runs the benchmark and ends the JVM, with status 1 on a failure: Spark's BarrierTaskContext
   * leaves a non-daemon timer thread behind in a driver that ran barrier tasks (local mode), so
   * the JVM would otherwise never exit (seen 12:05 and 12:12).
   */
  public static void main(String[] args) {
    int status = 0;
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static void run(String[] args) throws Exception {
    Options options = Options.parse(args);
    List<BenchNetwork> networks = Stream.of(BenchNetwork.mlp(), BenchNetwork.cnn())
        .filter(n -> options.networks().contains(n.key())).toList();
    SparkSession spark = SparkSession.builder().config(KryoSetup.apply(new SparkConf()
        .setMaster("local[2]").setAppName("sparktrain engine benchmark")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2"))).getOrCreate();
    Path work = Files.createTempDirectory("sparktrain-engine-bench-");
    try {
      List<ResultTable> tables = new ArrayList<>();
      for (BenchNetwork network : networks) {
        BenchData data = BenchData.of(load(spark, network, options.records(network)));
        ResultTable.Setup setup = new ResultTable.Setup(options.records(network),
            data.train().size(), data.validation().size(), options.maxEpochs(network));
        System.out.printf("%n== %s: %s ==%n", network.description(), setup.summary());
        MachineCeiling.Bracket bracket = new MachineCeiling.Bracket();
        List<Race.Result> rows =
            race(spark, network, data, setup, work, options, bracket);
        Double ceiling = options.ceiling().get(network.key());
        if (ceiling != null) {
          rows.add(1, Race.Result.measuredElsewhere(ResultTable.CEILING, ceiling));
        }
        tables.add(new ResultTable(network, setup, rows, bracket));
        data.data().unpersist();
      }
      tables.forEach(ResultTable::print);
      List<ExchangeBenchmark.Row> exchange = List.of();
      if (options.exchange()) {
        exchange = ExchangeBenchmark.run();
        ExchangeBenchmark.print(exchange);
      }
      if (options.json() != null) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(options.json().toFile(), json(tables, exchange));
        System.out.println("tables written to " + options.json());
      }
    } finally {
      spark.stop();
      try (Stream<Path> files = Files.list(work)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(work);
    }
  }

  /** MNIST as the network's spec reads it, limited to its first {@code records}. */
  private static LabeledData load(SparkSession spark, BenchNetwork network, int records) {
    DataSpec d = network.job().data();
    DataSpec limited = new DataSpec(d.source(), d.path(), d.testPath(), d.labelColumn(),
        d.header(), d.validationFraction(), d.testFraction(), d.scaling(), d.shuffleSeed(),
        records);
    return LabeledDataLoader.load(JavaSparkContext.fromSparkContext(spark.sparkContext()), limited,
        network.job().training().workers(), DataCache.fromEnvironment());
  }

  /**
   * Every candidate's race on {@code network}, single-machine DL4J first: the ratios' base.
   * PyTorch's single thread runs right after sparktrain's single worker, which it is compared
   * with; with {@code --bracket SECONDS}, the machine ceiling is measured again right before and
   * right after the {@link #BRACKETED} row, into {@code bracket}. With {@code --only TEXT}, just
   * the rows whose name contains TEXT.
   */
  private static List<Race.Result> race(SparkSession spark, BenchNetwork network, BenchData data,
      ResultTable.Setup setup, Path work, Options options, MachineCeiling.Bracket bracket) {
    int maxEpochs = setup.maxEpochs();
    int bracketSeconds = options.bracketSeconds();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String torchVersion = TorchContender.version();
    Path torchData = torchVersion == null ? null : torchData(network, data, maxEpochs, work);
    try (Evaluator evaluator = new Evaluator(sc, data.data().numClasses())) {
      // Every row in the order it races, by its name in the table.
      Map<String, Supplier<Race.Result>> rows = new LinkedHashMap<>();
      Map<String, Supplier<Race.Contender>> engines = new LinkedHashMap<>();
      engines.put("DL4J single machine, 1 thread",
          () -> Dl4jContenders.singleMachine(network, data, evaluator));
      engines.put("sparktrain 1 worker",
          () -> Dl4jContenders.singleWorker(EngineBenchmark::sparktrainEngine, network, data,
              evaluator));
      for (int frequency : new int[] {1, 5, 20}) {
        engines.put("sparktrain local[2], averaging every " + frequency,
            () -> Dl4jContenders.engine(EngineBenchmark::sparktrainEngine, frequency, network, data,
                evaluator));
      }
      for (int frequency : new int[] {5, 20}) {
        engines.put("DL4J ParameterAveraging local[2], every " + frequency,
            () -> Dl4jContenders.engine(Dl4jBaselineEngine::new, frequency, network, data,
                evaluator));
      }
      engines.forEach((name, start) -> {
        rows.put(name, () -> {
          boolean bracketed = name.equals(BRACKETED) && bracketSeconds > 0;
          if (bracketed) {
            bracket.before(MachineCeiling.measure(network, bracketSeconds));
          }
          Race.Result result = Race.run(name, start, maxEpochs);
          if (bracketed) {
            bracket.after(MachineCeiling.measure(network, bracketSeconds));
          }
          return result;
        });
        if (name.equals("sparktrain 1 worker")) {
          // PyTorch's single thread right after the single worker it is compared with.
          rows.put(torchName(torchVersion, 1),
              () -> torch(network, torchVersion, torchData, maxEpochs, work, 1));
        }
      });
      rows.put(torchName(torchVersion, 2),
          () -> torch(network, torchVersion, torchData, maxEpochs, work, 2));
      if (!network.image()) {
        String mllib = "Spark MLlib local[2], sigmoid, L-BFGS " + MllibContender.ITERATIONS
            + "/epoch";
        rows.put(mllib, () -> Race.run(mllib,
            () -> new MllibContender(spark, data, network.seed()),
            Math.min(maxEpochs, MllibContender.MAX_EPOCHS)));
      }
      if (options.only() != null) {
        List<String> all = List.copyOf(rows.keySet());
        rows.keySet().removeIf(name -> !name.contains(options.only()));
        if (rows.isEmpty()) {
          throw new IllegalArgumentException("--only " + options.only() + ": no row of the "
              + network.key() + " race has that in its name; the rows: " + all);
        }
      }
      List<Race.Result> results = new ArrayList<>();
      rows.values().forEach(row -> results.add(row.get()));
      return results;
    }
  }

  private static String torchName(String version, int threads) {
    return "PyTorch " + (version == null ? "CPU" : version) + ", " + threads + " thread"
        + (threads > 1 ? "s" : "");
  }

  /** The examples in PyTorch's order, written for its process. */
  private static Path torchData(BenchNetwork network, BenchData data, int maxEpochs, Path work) {
    Path file = work.resolve(network.key() + ".bin");
    data.write(file, network.seed(), maxEpochs);
    return file;
  }

  /** PyTorch's row with {@code threads} threads; failed when there is no torch (null version). */
  private static Race.Result torch(BenchNetwork network, String version, Path data, int maxEpochs,
      Path work, int threads) {
    String name = torchName(version, threads);
    return version != null ? Race.run(name, () -> TorchContender.start(network, data, threads,
            work.resolve(network.key() + "-torch-" + threads + ".log")), maxEpochs)
        : Race.Result.failed(name, "no torch for " + TorchContender.PYTHON
            + " (apt-get install python3-torch)");
  }

  private static Map<String, Object> json(List<ResultTable> tables,
      List<ExchangeBenchmark.Row> exchange) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target", Race.TARGET);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("networks", tables.stream().map(ResultTable::json).toList());
    out.put("exchangeMillisPerRound", exchange);
    return out;
  }
}
