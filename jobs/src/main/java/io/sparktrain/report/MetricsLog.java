package io.sparktrain.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.spec.OutputException;
import io.sparktrain.train.EpochMetrics;
import io.sparktrain.train.TrainingObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps {@code metrics.jsonl} (one JSON object per epoch) up to date after every epoch, and the
 * loss and accuracy charts of a run after its first epoch, its last, and in between at most every
 * {@link #CHART_INTERVAL_SECONDS}; each file replaced atomically.
 */
public final class MetricsLog implements TrainingObserver {

  public static final String FILE = "metrics.jsonl";
  /**
   * Drawing both charts costs about 0.1 s on the driver while the executors wait, 5 % of a
   * 2-second epoch (docs/performance.md); someone watching the curves loses little by a refresh
   * every few epochs of a fast run.
   */
  public static final long CHART_INTERVAL_SECONDS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunDirectory run;
  private final List<EpochMetrics> epochs = new ArrayList<>();
  private final StringBuilder lines = new StringBuilder();
  private final LongSupplier nanoClock;
  private long drawnAt;
  private boolean drawn;
  private boolean chartsBehind;

  public MetricsLog(RunDirectory run) {
    this(run, List.of());
  }

  /** Continues a resumed run's log after its {@code previous} epochs. */
  public MetricsLog(RunDirectory run, List<EpochMetrics> previous) {
    this(run, previous, System::nanoTime);
  }

  MetricsLog(RunDirectory run, List<EpochMetrics> previous, LongSupplier nanoClock) {
    this.run = run;
    this.nanoClock = nanoClock;
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
    chartsBehind = true;
    long now = nanoClock.getAsLong();
    if (!drawn || metrics.epoch() >= metrics.epochs()
        || now - drawnAt >= TimeUnit.SECONDS.toNanos(CHART_INTERVAL_SECONDS)) {
      drawCharts(now);
    }
  }

  /** Brings the charts up to the last epoch logged: a run that stopped early, or failed. */
  @Override
  public void onTrainingEnd() {
    if (chartsBehind) {
      drawCharts(nanoClock.getAsLong());
    }
  }

  private void drawCharts(long now) {
    Charts.write(epochs, run);
    drawn = true;
    drawnAt = now;
    chartsBehind = false;
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
