package io.sparktrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void controlCharactersInAUsersKeyAreEscapedSoEachProblemStaysOneLine() {
    Problems problems = new Problems();
    problems.add("training.\rx\u0017", "unknown key");
    problems.addLine("data.a\nb: unknown key");

    assertEquals(List.of("training.\\rx\\u0017: unknown key", "data.a\\nb: unknown key"),
        problems.lines());
  }
}
