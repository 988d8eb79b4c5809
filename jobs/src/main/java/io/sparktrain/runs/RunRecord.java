package io.sparktrain.runs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code run.json} (and a pipeline run's {@code pipeline.json}) holds: one flat JSON object,
 * which notebooks and scripts read by key, made of typed parts that each writer fills in. A part
 * a run has nothing for is null and leaves no keys; unknown keys are ignored on reading, so a run
 * written by a newer version still reads.
 *
 * <p>Jackson 2.15 cannot pass {@code @JsonUnwrapped} values to a record's constructor ("not yet
 * supported"; 2.19 can, and Spark 3.5 ships 2.15), so the parts are read back by {@link Reader}.
 *
 * @param header what every run has: job, id, status, times
 * @param origin the code, seed and Spark a run ran on; null for a stage that does not train
 * @param stage the pipeline stage a run is, and its inputs; null outside a pipeline
 * @param training the engine and the data a training run saw
 * @param test scores on the test split
 * @param output where a feature extraction or an export wrote
 * @param word2vec a Word2Vec pretraining's vocabulary, speed and scores
 * @param outcome the target's own test scores and why training stopped early
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = RunRecord.Reader.class)
public record RunRecord(@JsonUnwrapped Header header, @JsonUnwrapped Origin origin,
    @JsonUnwrapped StageRef stage, @JsonUnwrapped TrainingFacts training,
    @JsonUnwrapped TestScores test, @JsonUnwrapped StageOutput output,
    @JsonUnwrapped Word2VecFacts word2vec, @JsonUnwrapped Outcome outcome) {

  private static final ObjectMapper PARTS = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  public RunRecord {
    if (header == null) {
      throw new IllegalArgumentException("a run record needs its header");
    }
  }

  /** Whether a run is still going (or died), or done. */
  public enum Status {
    RUNNING, FINISHED;

    @JsonValue
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Status of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @param job the job's name; null for a pipeline run, whose name is {@code pipeline}
   * @param startedAt, finishedAt ISO-8601 instants
   * @param resumedFromEpoch the first epoch trained after a resume, 1-based
   * @param stages a pipeline run's outcome per stage
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Header(String job, String pipeline, String runId, Status status, String startedAt,
      String finishedAt, Integer resumedFromEpoch, Map<String, String> stages) {}

  /** @param seed the job's seed, from which every random stream derives */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Origin(String codeVersion, Long seed, String sparkMaster, String sparkVersion) {}

  /**
   * @param stageKey the SHA-256 of the stage's resolved spec and inputs
   * @param from the stage it starts from; @param source or the model file it starts from
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageRef(String stage, String stageType, String stageKey, String from,
      String source) {}

  /** @param bytesPerRound bytes each worker sends per averaging round */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TrainingFacts(String engine, String dataSource, String dataFingerprint,
      Long trainExamples, Long validationExamples, Long bytesPerRound) {}

  /** @param testF1 DL4J's F1: of class 1 for two classes, else the macro average */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TestScores(Long testExamples, Double testAccuracy, Double testLoss,
      Double testF1) {}

  /** @param features where extracted features went; @param exportedTo where a model went */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageOutput(Integer layer, Long rows, String features, String exportedTo,
      String sha256) {}

  /**
   * @param combine how workers' updates were combined: {@code sum} or {@code average}
   * @param synonymAuc ROC AUC of synonyms against frequency-matched controls (0.5 is chance)
   * @param analogyAccuracy 3CosAdd accuracy over every relation's covered questions
   * @param evaluation the whole evaluation in one line, per relation
   * @param roundBytes what one round moves: both matrices to and from every worker
   * @param roundExchangeMs a round's time outside the slowest worker's training, on average
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Word2VecFacts(List<String> corpus, String combine, Integer vocabulary,
      Long corpusWords, Double wordsPerSecond, Double trainingSeconds, Double synonymAuc,
      Double analogyAccuracy, String evaluation, Long roundBytes, Double roundExchangeMs) {}

  /**
   * What a training ended with beyond the class scores.
   *
   * @param testScores the target's own scores on the test split by name (rmse, r2,
   *     subsetAccuracy, f1.LABEL, auc, brier, ...); null when the target has none
   * @param stop why training ended before its last epoch; null when it ran them all
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Outcome(Map<String, Double> testScores, Stop stop) {}

  /**
   * Early stopping's verdict.
   *
   * @param reason what happened, in words
   * @param epoch the one-based epoch after which the run stopped
   * @param monitor the score watched ({@code validation-loss}, ...)
   * @param value its value at {@code epoch}
   * @param bestEpoch the epoch of its best value, whose weights the model keeps when
   *     {@code restoreBest}
   * @param best that value
   */
  public record Stop(String reason, int epoch, String monitor, double value, int bestEpoch,
      double best) {}

  /** A run that starts now: only its header, status running. */
  public static RunRecord started(String job, String pipeline, String runId) {
    return new RunRecord(new Header(job, pipeline, runId, Status.RUNNING,
        Instant.now().toString(), null, null, null), null, null, null, null, null, null, null);
  }

  /** Reads each part from the one flat object; a part with none of its keys is null. */
  static final class Reader extends StdDeserializer<RunRecord> {

    Reader() {
      super(RunRecord.class);
    }

    @Override
    public RunRecord deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      ObjectNode node = parser.readValueAs(ObjectNode.class);
      try {
        return new RunRecord(part(node, Header.class), part(node, Origin.class),
            part(node, StageRef.class), part(node, TrainingFacts.class),
            part(node, TestScores.class), part(node, StageOutput.class),
            part(node, Word2VecFacts.class), part(node, Outcome.class));
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(parser, e.getMessage(), e);
      }
    }
  }

  private static <T extends Record> T part(ObjectNode node, Class<T> type) {
    boolean present = Arrays.stream(type.getRecordComponents())
        .anyMatch(c -> node.hasNonNull(c.getName()));
    return present ? PARTS.convertValue(node, type) : null;
  }

  public boolean finished() {
    return header.status() == Status.FINISHED;
  }

  /** When the run started; the epoch when the record does not say. */
  public Instant startedAt() {
    return instant(header.startedAt());
  }

  /** Seconds from start to finish; null for an unfinished run. */
  public Double seconds() {
    if (header.finishedAt() == null) {
      return null;
    }
    try {
      return Duration.between(Instant.parse(header.startedAt()),
          Instant.parse(header.finishedAt())).toMillis() / 1000.0;
    } catch (DateTimeParseException | NullPointerException e) {
      return null;
    }
  }

  /** This record, running again (a resumed run), from epoch {@code firstEpoch}. */
  public RunRecord resumed(int firstEpoch) {
    Header h = header;
    return withHeader(new Header(h.job(), h.pipeline(), h.runId(), Status.RUNNING, h.startedAt(),
        null, firstEpoch, h.stages()));
  }

  /** This record, finished now. */
  public RunRecord finishedNow() {
    Header h = header;
    return withHeader(new Header(h.job(), h.pipeline(), h.runId(), Status.FINISHED,
        h.startedAt(), Instant.now().toString(), h.resumedFromEpoch(), h.stages()));
  }

  /** This record, running again with a new start (a pipeline run continued). */
  public RunRecord restarted(String job, String pipeline, String runId) {
    Header h = header;
    return withHeader(new Header(job, pipeline, runId, Status.RUNNING,
        h.startedAt() != null ? h.startedAt() : Instant.now().toString(), h.finishedAt(),
        h.resumedFromEpoch(), h.stages()));
  }

  /** This record with a pipeline run's outcome per stage. */
  public RunRecord withStages(Map<String, String> stages) {
    Header h = header;
    return withHeader(new Header(h.job(), h.pipeline(), h.runId(), h.status(), h.startedAt(),
        h.finishedAt(), h.resumedFromEpoch(), stages));
  }

  public RunRecord withHeader(Header header) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withOrigin(Origin origin) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withStage(StageRef stage) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withTraining(TrainingFacts training) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withTest(TestScores test) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withOutput(StageOutput output) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withWord2Vec(Word2VecFacts word2vec) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  public RunRecord withOutcome(Outcome outcome) {
    return new RunRecord(header, origin, stage, training, test, output, word2vec, outcome);
  }

  private static Instant instant(String text) {
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
