package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.TaskProgress;
import io.sparktrain.ml.BatchPrediction;
import io.sparktrain.ml.PredictionInputs;
import io.sparktrain.ml.SavedModels;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparktrain predict MODEL DATA --out PATH}: batch prediction into Parquet. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Score a data set with a trained model on the executors and write Parquet "
        + "(index, prediction, probabilities, and label when the data has one).")
final class PredictCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "a run directory, a model.zip or "
      + "a saved spark.ml SparktrainClassificationModel")
  private String model;

  @Parameters(index = "1", paramLabel = "DATA", description = "a registered set's split "
      + "(mnist:test; the split defaults to test), a .csv file or a Parquet path")
  private String data;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "where the Parquet goes (local, hdfs:// or s3a://); must not exist")
  private String out;

  @Option(names = "--features-col", defaultValue = "features", paramLabel = "NAME",
      description = "Parquet: the features column, a Vector or numeric array (default features)")
  private String featuresCol;

  @Option(names = "--label-col", paramLabel = "NAME", description = "CSV or Parquet: the label "
      + "column, left out of the features and copied to the output (CSV without --header: _c0, "
      + "_c1, ...)")
  private String labelCol;

  @Option(names = "--header", description = "CSV: the first line names the columns")
  private boolean header;

  @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT",
      description = "parquet (default) or csv: CSV has a header and one column per class's "
          + "probability, p0, p1, ... (for readers without Parquet, pandas alone say)")
  private String format;

  @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
      description = "task slots in local mode (default 2)")
  private int workers;

  @Mixin
  private RunOptions options;

  private BatchPrediction.Format format() {
    return switch (format) {
      case "parquet" -> BatchPrediction.Format.PARQUET;
      case "csv" -> BatchPrediction.Format.CSV;
      default -> throw new io.sparktrain.spec.SpecException("--format", java.util.List.of(
          "--format: must be parquet or csv, found " + format));
    };
  }

  @Override
  public Integer call() {
    return options.withSpark("sparktrain predict", workers, sc -> {
      SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
      SavedModels.Opened opened = SavedModels.open(model, sc.hadoopConfiguration());
      TaskProgress progress = TaskProgress.attach(sc, System.out, "predict");
      try {
        BatchPrediction.Summary summary = BatchPrediction.write(opened.model(),
            PredictionInputs.read(spark, data,
                new PredictionInputs.Columns(featuresCol, labelCol, header), opened.spec(),
                DataCache.fromEnvironment()), out, format());
        System.out.printf("%,d predictions written to %s%s%n", summary.rows(), out,
            Double.isNaN(summary.accuracy()) ? ""
                : String.format("; accuracy %.4f on their labels", summary.accuracy()));
      } finally {
        progress.detach();
      }
    });
  }
}
