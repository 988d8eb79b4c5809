package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.data.DataCache;
import io.sparktrain.embed.Word2VecJob;
import io.sparktrain.report.ComparisonReport;
import io.sparktrain.runs.JobLock;
import io.sparktrain.runs.ResumableRun;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.report.HtmlReports;
import io.sparktrain.spec.SpecException;
import io.sparktrain.transfer.ModelSources;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a pipeline's stages in order in one Spark application, each into its own directory of one
 * pipeline run ({@code <runsDir>/<pipeline>/<runId>/<stage>/}), under the pipeline's lock.
 *
 * <p>Every stage has a key: the SHA-256 of its resolved spec and of its inputs' keys (or of its
 * source model file). Running the pipeline again continues its newest run when the pipeline is
 * unchanged: a stage finished with the same key is skipped, an interrupted training stage resumes
 * from its checkpoint. A changed pipeline, {@code --from} or {@code --force} start a new run;
 * there, finished stages of the previous run with the same key are copied over and skipped
 * (not with {@code --force}, nor from the {@code --from} stage on).
 */
public final class PipelineRunner {

  /** Files of a pipeline run's directory. */
  public static final String PIPELINE_SPEC = "pipeline.yaml";
  public static final String PIPELINE_RUN = "pipeline.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JavaSparkContext sc;
  private final PrintStream console;
  private final DataCache cache;
  private final TrainJob trainer;
  /** This invocation's source model files, hashed once for the keys and then loaded. */
  private final Map<String, ModelSources.Located> sources = new HashMap<>();
  /** This invocation's stages by name. */
  private final Map<String, Stage> byName = new HashMap<>();

  public PipelineRunner(JavaSparkContext sc, DataCache cache, PrintStream console) {
    this(sc, cache, console, new TrainJob(sc, cache, console));
  }

  PipelineRunner(JavaSparkContext sc, DataCache cache, PrintStream console, TrainJob trainer) {
    this.sc = sc;
    this.console = console;
    this.cache = cache;
    this.trainer = trainer;
  }

  /** How a stage's work was done in this invocation. */
  public enum Outcome { RAN, RESUMED, SKIPPED, REUSED }

  /** What a pipeline invocation did. */
  public record Result(RunDirectory run, Map<String, Outcome> outcomes,
      List<Map<String, Object>> comparison) {}

  /**
   * @param runsDir where runs go; null takes the spec's {@code output.runsDir}
   * @param fromStage re-run this stage and every later one in a new run; null for none
   * @param force re-run every stage in a new run
   */
  public Result run(PipelineSpec spec, String runsDir, String fromStage, boolean force) {
    String dir = runsDir != null ? runsDir : spec.output().runsDir();
    int fromIndex = fromStage == null ? -1 : spec.stages().indexOf(spec.stage(fromStage));
    if (fromStage != null && fromIndex < 0) {
      throw new SpecException("--from", List.of("--from: no stage '" + fromStage
          + "' (stages: " + String.join(", ", spec.stages().stream().map(Stage::name)
          .toList()) + ")"));
    }
    try (JobLock lock = JobLock.acquire(dir, spec.name(), sc.hadoopConfiguration())) {
      return runLocked(spec, dir, fromIndex, force);
    }
  }

  private Result runLocked(PipelineSpec spec, String runsDir, int fromIndex, boolean force) {
    long started = System.nanoTime();
    Map<String, String> resolved = new LinkedHashMap<>();
    Map<String, String> keys = new HashMap<>();
    sources.clear();
    byName.clear();
    for (Stage stage : spec.stages()) {
      byName.put(stage.name(), stage);
      String text = resolve(stage, keys);
      resolved.put(stage.name(), text);
      keys.put(stage.name(), sha256(text));
    }
    String pipelineText = String.join("---\n", resolved.values());
    Optional<RunDirectory> previous = newest(runsDir, spec.name());
    boolean continues = previous.isPresent() && !force && fromIndex < 0
        && pipelineText.equals(previous.get().readText(PIPELINE_SPEC).orElse(null));
    RunDirectory run = continues ? previous.get()
        : RunDirectory.create(runsDir, spec.name(), sc.hadoopConfiguration());
    console.printf("pipeline %s: %s run %s (%d stages)%n", spec.name(),
        continues ? "continuing" : "new", run.runId(), spec.stages().size());
    run.writeText(PIPELINE_SPEC, pipelineText);
    RunRecord record = run.readRecord(PIPELINE_RUN)
        .map(r -> r.restarted(null, spec.name(), run.runId()))
        .orElseGet(() -> RunRecord.started(null, spec.name(), run.runId()));
    run.writeJson(PIPELINE_RUN, record);

    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < spec.stages().size(); i++) {
      Stage stage = spec.stages().get(i);
      boolean rerun = force || (fromIndex >= 0 && i >= fromIndex);
      outcomes.put(stage.name(), runStage(stage, run, previous.filter(p -> !continues),
          resolved.get(stage.name()), keys.get(stage.name()), keys, rerun));
    }
    List<ComparisonReport.Stage> compared = spec.stages().stream()
        .map(s -> new ComparisonReport.Stage(s.name(), s.kind(),
            s.from() != null ? s.from() : s.source(), s.epochs())).toList();
    List<Map<String, Object>> comparison = ComparisonReport.rows(compared, spec.baseline(), run,
        outcomes);
    ComparisonReport.write(spec.name(), spec.baseline(), run, comparison);
    Map<String, String> names = new LinkedHashMap<>();
    outcomes.forEach((stage, outcome) -> names.put(stage, outcome.name()));
    run.writeJson(PIPELINE_RUN, record.finishedNow().withStages(names));
    HtmlReports.writePipeline(run);
    console.printf("pipeline %s finished in %.1f s: %s%ncomparison written to %s%n", spec.name(),
        (System.nanoTime() - started) / 1e9, outcomes, run.displayPath());
    return new Result(run, outcomes, comparison);
  }

  private Outcome runStage(Stage given, RunDirectory run, Optional<RunDirectory> earlier,
      String resolved, String key, Map<String, String> keys, boolean rerun) {
    Stage stage = withVectors(given, run);
    if (!rerun && finished(run, stage.name(), key)) {
      console.printf("stage %s: skipped, finished with the same spec and inputs%n", stage.name());
      return Outcome.SKIPPED;
    }
    if (!rerun && earlier.isPresent() && finished(earlier.get(), stage.name(), key)) {
      run.subdirectory(stage.name()).copyFilesFrom(earlier.get().subdirectory(stage.name()));
      console.printf("stage %s: skipped, finished with the same spec and inputs in run %s%n",
          stage.name(), earlier.get().runId());
      return Outcome.REUSED;
    }
    RunDirectory dir = run.subdirectory(stage.name());
    console.printf("stage %s (%s)%n", stage.name(), stage.kind());
    RunRecord.StageRef ref = new RunRecord.StageRef(stage.name(), stage.kind(), key,
        stage.from(), stage.source());
    boolean resumable = stage.trains() && ResumableRun.at(dir, resolved).isPresent();
    stage.run(new StageContext(sc, cache, console, trainer, s -> input(s, run)), dir, resolved,
        ref);
    return resumable ? Outcome.RESUMED : Outcome.RAN;
  }

  /**
   * The stage reading its text data with the word vectors it descends from: those of the
   * {@code pretrain-w2v} stage its {@code from} chain leads to, or of the first stage on the way
   * whose data names them. Other stages come back unchanged. The vectors' file does not enter the
   * stage's key: the {@code from} stage's key stands for it.
   */
  private Stage withVectors(Stage stage, RunDirectory run) {
    if (stage.job() == null || stage.job().data() == null || !stage.job().data().isText()
        || stage.job().data().vectors() != null) {
      return stage;
    }
    String vectors = null;
    for (Stage s = stage; vectors == null && s.from() != null; ) {
      Stage from = byName.get(s.from());
      if (from instanceof Word2VecStage) {
        vectors = run.subdirectory(from.name()).file(Word2VecJob.BINARY).toString();
      } else if (from.job() != null && from.job().data() != null) {
        vectors = from.job().data().vectors();
      }
      s = from;
    }
    return vectors == null ? stage
        : stage.withJob(stage.job().withData(stage.job().data().withVectors(vectors)));
  }

  /** The model file a stage starts from; null for one that starts from none. */
  private ModelSources.Located input(Stage stage, RunDirectory run) {
    if (stage.from() != null) {
      return ModelSources.locate(run.subdirectory(stage.from()).uri(), sc.hadoopConfiguration());
    }
    return stage.source() == null ? null : source(stage.source());
  }

  /**
   * The stage's resolved spec: every default spelled out, plus what it starts from (the earlier
   * stage's key, or the source file's digest), so that equal text means equal work.
   */
  private String resolve(Stage stage, Map<String, String> keys) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", stage.name()).put("type", stage.kind());
    if (stage.from() != null) {
      n.put("from", stage.from()).put("fromKey", keys.get(stage.from()));
    }
    if (stage.source() != null) {
      n.put("source", stage.source()).put("sourceSha256", source(stage.source()).sha256());
    }
    stage.resolve(n);
    return "# stage\n" + n.toPrettyString() + "\n" + stage.resolvedSections();
  }

  private ModelSources.Located source(String path) {
    return sources.computeIfAbsent(path, p -> ModelSources.locate(p, sc.hadoopConfiguration()));
  }

  /** Whether the run's stage directory holds a finished stage of this key. */
  private static boolean finished(RunDirectory run, String stage, String key) {
    if (!run.hasSubdirectory(stage)) {
      return false;
    }
    return run.subdirectory(stage).readRecord(RunDirectory.RUN)
        .filter(r -> r.finished() && r.stage() != null && key.equals(r.stage().stageKey()))
        .isPresent();
  }

  private Optional<RunDirectory> newest(String runsDir, String name) {
    List<String> ids = new ArrayList<>(RunDirectory.runIds(runsDir, name,
        sc.hadoopConfiguration()));
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RunDirectory.open(runsDir, name, ids.get(ids.size() - 1),
        sc.hadoopConfiguration()));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
