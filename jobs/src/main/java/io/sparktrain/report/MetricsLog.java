package io.sparktrain.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.runs.RunDirectory;
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
    this(run, List.of());
  }

  /** Continues a resumed run's log after its {@code previous} epochs. */
  public MetricsLog(RunDirectory run, List<EpochMetrics> previous) {
    this.run = run;
    previous.forEach(this::append);
  }

  /**
   * The epochs a run has logged, at most {@code upTo} of them (those a checkpoint covers; an epoch
   * logged after the last checkpoint will be trained again).
   */
  public static List<EpochMetrics> read(RunDirectory run, int upTo) {
    List<EpochMetrics> epochs = new ArrayList<>();
    for (String line : run.readText(FILE).orElse("").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        EpochMetrics metrics = JSON.readValue(line, EpochMetrics.class);
        if (metrics.epoch() <= upTo) {
          epochs.add(metrics);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new OutputException(run.displayPath() + "/" + FILE + ": unreadable line '" + line
            + "': " + e.getOriginalMessage(), e);
      }
    }
    return epochs;
  }

  @Override
  public void onEpoch(EpochMetrics metrics) {
    append(metrics);
    run.writeText(FILE, lines.toString());
    Charts.write(epochs, run);
  }

  private void append(EpochMetrics metrics) {
    epochs.add(metrics);
    try {
      lines.append(JSON.writeValueAsString(metrics)).append('\n');
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new OutputException("cannot encode epoch metrics: " + e.getMessage(), e);
    }
  }

  public List<EpochMetrics> epochs() {
    return List.copyOf(epochs);
  }
}
