package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordIdsTest {

  private final WordIds ids = new WordIds(List.of("the", "free", "offer"), 6);

  @Test
  void numbersTheVocabularyAfterPaddingAndTheUnknownWord() {
    assertArrayEquals(new float[] {2, 3, 4, 0, 0, 0}, ids.encode("The FREE offer"));
    assertEquals(5, WordIds.rows(3));
  }

  @Test
  void wordsOutsideTheVocabularyShareOneId() {
    assertArrayEquals(new float[] {3, 1, 1, 4, 0, 0}, ids.encode("free viagra, cheap offer"));
  }

  @Test
  void padsBeforeTheWordsSoTheLastStepIsTheLastWord() {
    WordIds front = new WordIds(List.of("the", "free", "offer"), 6, true);
    assertArrayEquals(new float[] {0, 0, 0, 2, 3, 4}, front.encode("The FREE offer"));
    assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, front.encode("the ".repeat(50)));
  }

  @Test
  void keepsTheFirstWordsOfALongText() {
    assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, ids.encode("the ".repeat(50)));
  }
}
