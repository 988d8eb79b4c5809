package io.sparktrain.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private RunDirectory run() {
    return RunDirectory.create(dir.toString(), "job", new Configuration());
  }

  private static RunRecord trained() {
    return RunRecord.started("mnist", null, "20260101-000000-abcd")
        .withOrigin(new RunRecord.Origin("1.0", 42L, "local[2]", "3.5.7"))
        .withStage(new RunRecord.StageRef("pretrain", "train", "k3y", null, "/m.zip"))
        .withTraining(new RunRecord.TrainingFacts("sparktrain", "mnist", "f00", 900L, 100L, 4096L))
        .withTest(new RunRecord.TestScores(100L, 0.97, 0.1, 0.96));
  }

  @Test
  void writesOneFlatObjectThatScriptsReadByKey() throws Exception {
    RunDirectory run = run();
    run.writeJson(RunDirectory.RUN, trained().finishedNow());
    JsonNode json = JSON.readTree(run.readText(RunDirectory.RUN).orElseThrow());
    assertEquals("finished", json.get("status").asText());
    assertEquals(0.97, json.get("testAccuracy").asDouble());
    assertEquals(4096, json.get("bytesPerRound").asLong());
    assertEquals("k3y", json.get("stageKey").asText());
    assertEquals(42, json.get("seed").asLong());
    assertFalse(json.has("header"), "parts are unwrapped: " + json);
    assertFalse(json.has("vocabulary"), "absent parts leave no keys: " + json);
    assertFalse(json.has("from"), "null fields leave no keys: " + json);
  }

  @Test
  void readsBackWhatItWrote() {
    RunDirectory run = run();
    RunRecord written = trained().finishedNow();
    run.writeJson(RunDirectory.RUN, written);
    assertEquals(written, run.readRecord(RunDirectory.RUN).orElseThrow());
  }

  @Test
  void partsWithNoKeyReadAsNull() {
    RunDirectory run = run();
    run.writeText(RunDirectory.RUN, "{\"job\":\"w2v\",\"status\":\"running\",\"vocabulary\":12,"
        + "\"corpus\":[\"sotu\"]}");
    RunRecord record = run.readRecord(RunDirectory.RUN).orElseThrow();
    assertFalse(record.finished());
    assertNull(record.training());
    assertNull(record.test());
    assertEquals(12, record.word2vec().vocabulary());
    assertEquals(List.of("sotu"), record.word2vec().corpus());
  }

  @Test
  void toleratesUnknownKeysAndNotANumber() {
    RunDirectory run = run();
    run.writeText(RunDirectory.RUN, "{\"job\":\"ae\",\"status\":\"finished\","
        + "\"someFutureKey\":1,\"testAccuracy\":NaN}");
    RunRecord record = run.readRecord(RunDirectory.RUN).orElseThrow();
    assertTrue(record.finished());
    assertTrue(Double.isNaN(record.test().testAccuracy()));
  }

  @Test
  void anUnreadableRecordIsAbsent() {
    RunDirectory run = run();
    run.writeText(RunDirectory.RUN, "{\"status\": ");
    assertTrue(run.readRecord(RunDirectory.RUN).isEmpty());
    run.writeText(RunDirectory.RUN, "{\"status\": \"paused\"}");
    assertTrue(run.readRecord(RunDirectory.RUN).isEmpty(), "an unknown status");
    assertTrue(run.readRecord("absent.json").isEmpty());
  }

  @Test
  void aResumedRunRunsAgainFromItsEpochAndKeepsItsStart() {
    RunRecord first = trained();
    RunRecord resumed = first.finishedNow().resumed(3);
    assertFalse(resumed.finished());
    assertNull(resumed.header().finishedAt());
    assertEquals(3, resumed.header().resumedFromEpoch());
    assertEquals(first.header().startedAt(), resumed.header().startedAt());
  }

  @Test
  void secondsRunFromStartToFinish() {
    RunRecord record = RunRecord.started("j", null, "r").withHeader(new RunRecord.Header("j",
        null, "r", RunRecord.Status.FINISHED, "2026-01-01T00:00:00Z", "2026-01-01T00:01:30.5Z",
        null, Map.of()));
    assertEquals(90.5, record.seconds(), 1e-9);
    assertNull(RunRecord.started("j", null, "r").seconds(), "unfinished");
  }
}
