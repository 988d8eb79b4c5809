package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.embed.WordVectors.Neighbour;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordVectorsTest {

  /** east and its scaled copy point the same way; north is orthogonal; west is opposite. */
  private static WordVectors compass() {
    return new WordVectors(List.of("east", "far-east", "north", "west", "north-east"), new float[] {
        1, 0,
        5, 0,
        0, 2,
        -3, 0,
        1, 1}, 2);
  }

  @Test
  void similarityIsCosine() {
    WordVectors v = compass();
    assertEquals(1.0, v.similarity("east", "far-east"), 1e-6);
    assertEquals(0.0, v.similarity("east", "north"), 1e-6);
    assertEquals(-1.0, v.similarity("east", "west"), 1e-6);
    assertEquals(Math.sqrt(0.5), v.similarity("north", "north-east"), 1e-6);
  }

  @Test
  void nearestExcludesTheWordAndSortsByDescendingSimilarity() {
    List<Neighbour> n = compass().nearest("east", 3);
    assertEquals(List.of("far-east", "north-east", "north"),
        n.stream().map(Neighbour::word).toList());
    assertEquals(1.0, n.get(0).similarity(), 1e-6);
    assertEquals(4, compass().nearest("east", 10).size());
    assertEquals(List.of(), compass().nearest("east", 0));
  }

  @Test
  void vectorIsTheRawVectorAndACopy() {
    WordVectors v = compass();
    float[] farEast = v.vector("far-east");
    assertArrayEquals(new float[] {5, 0}, farEast);
    farEast[0] = 0;
    assertArrayEquals(new float[] {5, 0}, v.vector("far-east"));
  }

  @Test
  void rejectsUnknownWordsRepeatsAndBadShapes() {
    assertThrows(IllegalArgumentException.class, () -> compass().vector("south"));
    assertThrows(IllegalArgumentException.class, () -> compass().nearest("south", 1));
    assertThrows(IllegalArgumentException.class, () -> compass().similarity("east", "south"));
    assertThrows(IllegalArgumentException.class,
        () -> new WordVectors(List.of("a", "a"), new float[2], 1));
    assertThrows(IllegalArgumentException.class,
        () -> new WordVectors(List.of("a", "b"), new float[3], 1));
  }
}
