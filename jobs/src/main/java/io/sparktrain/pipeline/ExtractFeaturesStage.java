package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.data.Example;
import io.sparktrain.data.LabeledData;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.YamlNames;
import io.sparktrain.transfer.FeatureExtractor;
import io.sparktrain.transfer.StageNetworks;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * {@code extract-features}: a data set's activations at one layer of a trained model, as Parquet.
 *
 * @param layer the layer whose activations are written, by 0-based index or by name
 * @param split which split of the data; default {@link #DEFAULT_SPLIT}
 * @param path where the Parquet goes; null for {@link #FEATURES} in the stage's directory
 */
public record ExtractFeaturesStage(String name, String from, String source, JobSpec job,
    String layer, Split split, String path) implements Stage {

  /** The data splits a stage may read. */
  public enum Split { TRAIN, VALIDATION, TEST }

  public static final Split DEFAULT_SPLIT = Split.TEST;
  /** Where the features go when the spec gives no path. */
  public static final String FEATURES = "features.parquet";

  public static final StageKind KIND = new StageKind("extract-features",
      List.of("from", "source", "layer", "split", "data", "path"),
      (node, r) -> {
        Split split = node.get("split").enumValue(Split.class, DEFAULT_SPLIT);
        return r.build(() -> new ExtractFeaturesStage(r.name(), r.text("from"),
            r.text("source"), r.job(null), r.scalar("layer"), split, r.text("path")));
      });

  public ExtractFeaturesStage {
    new Checks().required("name", name).oneInput(from, source)
        .check(job.data() != null, "data", "missing required section")
        .required("layer", layer).required("split", split)
        .throwIfAny("stage " + name);
  }

  @Override
  public Stage withJob(JobSpec other) {
    return new ExtractFeaturesStage(name, from, source, other, layer, split, path);
  }

  @Override
  public void resolve(ObjectNode settings) {
    settings.put("layer", layer).put("split", YamlNames.of(split));
    if (path != null) {
      settings.put("path", path);
    }
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    context.onModel(dir, this, resolved, ref, (network, record) -> {
      LabeledData data = context.data(job);
      try {
        JavaRDD<Example> examples = switch (split) {
          case TRAIN -> data.train();
          case VALIDATION -> data.validation();
          case TEST -> data.test();
        };
        int index = StageNetworks.layerIndex(network, layer, "layer");
        String target = path != null ? path : dir.file(FEATURES).toString();
        long rows = FeatureExtractor.write(context.sc(), network, index, examples, target);
        context.console().printf("  wrote %,d rows of layer %d activations to %s%n", rows, index,
            target);
        return record.withOutput(new RunRecord.StageOutput(index, rows, target, null, null));
      } finally {
        data.unpersist();
      }
    });
  }
}
