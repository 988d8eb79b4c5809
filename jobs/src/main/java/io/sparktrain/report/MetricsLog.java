package io.sparktrain.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.pipeline.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.TrainingObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code metrics.jsonl} (one JSON object per epoch) and the loss and accuracy charts of a
 * run up to date after every epoch, each file replaced atomically.
 */
public final class MetricsLog implements TrainingObserver {

  public static final String FILE = "metrics.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunDirectory run;
  private final List<EpochMetrics> epochs = new ArrayList<>();
  private final StringBuilder lines = new StringBuilder();

  public MetricsLog(RunDirectory run) {
    this.run = run;
  }

  @Override
  public void onEpoch(EpochMetrics metrics) {
    epochs.add(metrics);
    try {
      lines.append(JSON.writeValueAsString(metrics)).append('\n');
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new OutputException("cannot encode epoch metrics: " + e.getMessage(), e);
    }
    run.writeText(FILE, lines.toString());
    Charts.write(epochs, run);
  }

  public List<EpochMetrics> epochs() {
    return List.copyOf(epochs);
  }
}
