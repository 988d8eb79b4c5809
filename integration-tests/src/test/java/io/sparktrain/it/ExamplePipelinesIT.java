package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The example pipelines of {@code conf/pipelines/} as a user runs them, through the launcher, on
 * real MNIST and Fashion-MNIST: the transferred or pretrained models beat the same network trained
 * from scratch on the same few labels, a finished pipeline skips every stage when run again, and a
 * pipeline whose JVM is killed (SIGKILL) in the middle of a stage resumes that stage and ends with
 * exactly the metrics of an uninterrupted run. Word vectors pretrained on Spark start a spam
 * filter at least as well as random ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExamplePipelinesIT {

  private static final String DIGITS = "conf/pipelines/mnist-digits-transfer.yaml";
  private static Path work;

  @BeforeAll
  static void workDirectory() throws Exception {
    work = Files.createTempDirectory("sparktrain-pipelines-it");
  }

  @AfterAll
  static void cleanUp() throws Exception {
    try (var paths = Files.walk(work)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void digitsFiveToNineLearnBetterFromFeaturesOfZeroToFour() throws Exception {
    Map<String, JsonNode> table = run(DIGITS, "whole");

    double scratch = accuracy(table, "scratch");
    double finetuned = accuracy(table, "finetuned");
    assertTrue(finetuned > scratch, "fine-tuned " + finetuned + " vs scratch " + scratch);
    assertTrue(table.get("frozen-features").get("bytesPerRound").asLong()
        < table.get("scratch").get("bytesPerRound").asLong(), "frozen layers are not exchanged");
    assertTrue(Files.isRegularFile(Launcher.HOME.resolve("runs/exported/mnist-5to9-finetuned.zip")));
  }

  @Test
  @Order(2)
  void aFinishedPipelineRunAgainSkipsEveryStage() throws Exception {
    long start = System.nanoTime();
    Launcher.Result again = Launcher.run("pipeline", DIGITS, "--runs-dir", runs("whole"));
    double seconds = (System.nanoTime() - start) / 1e9;

    assertEquals(0, again.code(), again.output());
    for (String stage : List.of("pretrain", "frozen-features", "finetuned", "scratch", "export")) {
      assertTrue(again.output().contains("stage " + stage + ": skipped"), again.output());
    }
    assertTrue(!again.output().contains("epoch 1/"), "nothing trains: " + again.output());
    System.out.printf("re-running the finished pipeline took %.1f s%n", seconds);
  }

  @Test
  @Order(3)
  void aStageRunsAloneFromAModelFile() throws Exception {
    Path run = Launcher.onlyRun(work.resolve("whole/mnist-digits-transfer"));
    Path spec = Files.writeString(work.resolve("evaluate.yaml"), """
        name: evaluate-finetuned
        source: %s
        data:
          source: mnist
          classes: [5, 6, 7, 8, 9]
        """.formatted(run.resolve("finetuned/model.zip")));

    Launcher.Result result = Launcher.run("evaluate", spec.toString(), "--runs-dir",
        runs("alone"));

    assertEquals(0, result.code(), result.output());
    JsonNode evaluation = new ObjectMapper().readTree(Launcher.onlyRun(
        work.resolve("alone/evaluate-finetuned")).resolve("evaluate-finetuned/evaluation.json")
        .toFile());
    assertEquals(accuracy(table("whole"), "finetuned"), evaluation.get("accuracy").asDouble(),
        "the same model on the same test images");
  }

  @Test
  @Order(4)
  void aPipelineKilledMidStageResumesToTheUninterruptedResult() throws Exception {
    Submission first = Submission.launch("pipeline", DIGITS, "--runs-dir", runs("killed"));
    assertTrue(first.awaitLine(line -> line.startsWith("stage frozen-features"), 300),
        first.output());
    assertTrue(first.awaitLine(line -> line.startsWith("epoch 3/30"), 300), first.output());
    first.kill();

    Launcher.Result rerun = Launcher.run("pipeline", DIGITS, "--runs-dir", runs("killed"));

    assertEquals(0, rerun.code(), rerun.output());
    assertTrue(rerun.output().contains("stage pretrain: skipped"), rerun.output());
    assertTrue(rerun.output().matches(
        "(?s).*resuming run \\S+/frozen-features from epoch ([4-9]|[1-3][0-9]) of 30.*"),
        rerun.output());
    assertEquals(metrics(table("whole")), metrics(table("killed")));
  }

  @Test
  @Order(5)
  void denoisingAutoencoderPretrainingBeatsScratchOnOnePercentOfTheLabels() throws Exception {
    Map<String, JsonNode> table = run("conf/pipelines/mnist-denoising-autoencoder.yaml", "dae");

    double scratch = accuracy(table, "scratch");
    double pretrained = accuracy(table, "pretrained-classifier");
    assertTrue(pretrained > scratch, "pretrained " + pretrained + " vs scratch " + scratch);
    assertTrue(table.get("autoencoder").get("testLoss").asDouble() > 0);
  }

  @Test
  @Order(6)
  void fashionMnistCnnFeaturesTransferToMnist() throws Exception {
    Map<String, JsonNode> table = run("conf/pipelines/fashion-to-mnist-cnn.yaml", "fashion");

    for (String stage : List.of("transferred", "finetuned", "scratch")) {
      assertTrue(accuracy(table, stage) > 0.8, stage + ": " + table.get(stage));
    }
    Path run = Launcher.onlyRun(work.resolve("fashion/fashion-to-mnist-cnn"));
    assertTrue(Files.isDirectory(run.resolve("conv-features/features.parquet")));
    assertTrue(Files.isRegularFile(run.resolve("summary.md")));
  }

  @Test
  @Order(7)
  void pretrainedWordVectorsMatchOrBeatRandomInitialisationOnSpam() throws Exception {
    Map<String, JsonNode> table = run("conf/pipelines/spam-ham-word2vec.yaml", "spam");

    double random = f1(table, "random-init");
    double pretrained = f1(table, "finetuned");
    assertTrue(random > 0.5, "the baseline learns: " + table.get("random-init"));
    assertTrue(pretrained >= random, "pretrained F1 " + pretrained + " vs random " + random);
    assertTrue(table.get("frozen-vectors").get("bytesPerRound").asLong()
        < table.get("random-init").get("bytesPerRound").asLong() / 100,
        "frozen word vectors are not exchanged");
  }

  private static Map<String, JsonNode> run(String pipeline, String name) throws Exception {
    Launcher.Result result = Launcher.run("pipeline", pipeline, "--runs-dir", runs(name));
    assertEquals(0, result.code(), result.output());
    Map<String, JsonNode> table = table(name);
    System.out.println(pipeline + ":\n" + Files.readString(Launcher.onlyRun(
        work.resolve(name).resolve(pipelineName(pipeline))).resolve("summary.md")));
    return table;
  }

  private static Map<String, JsonNode> table(String name) throws Exception {
    Path pipelines = work.resolve(name);
    try (var dirs = Files.list(pipelines)) {
      return Launcher.comparison(dirs.filter(Files::isDirectory).findFirst().orElseThrow());
    }
  }

  /** Every stage's test accuracy and loss, in order. */
  private static List<String> metrics(Map<String, JsonNode> table) {
    List<String> out = new ArrayList<>();
    table.forEach((stage, row) -> out.add(stage + " " + row.get("testAccuracy") + " "
        + row.get("testLoss")));
    return out;
  }

  private static double accuracy(Map<String, JsonNode> table, String stage) {
    return table.get(stage).get("testAccuracy").asDouble();
  }

  /** F1 of class 1, spam, on the test mails. */
  private static double f1(Map<String, JsonNode> table, String stage) {
    return table.get(stage).get("testF1").asDouble();
  }

  private static String runs(String name) {
    return work.resolve(name).toString();
  }

  private static String pipelineName(String file) {
    String base = Path.of(file).getFileName().toString();
    return base.substring(0, base.length() - ".yaml".length());
  }
}
