package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.train.KryoSetup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

class VocabularyTest {

  private static Map<String, Long> counts() {
    Map<String, Long> c = new HashMap<>();
    c.put("the", 1000L);
    c.put("cat", 50L);
    c.put("bat", 50L);
    c.put("dog", 60L);
    c.put("rare", 2L);
    return c;
  }

  @Test
  void ordersByDescendingCountThenWordAndDropsRareWords() {
    Vocabulary v = Vocabulary.build(counts(), 5, 0, 0);
    assertEquals(List.of("the", "dog", "bat", "cat"), v.words());
    assertEquals(4, v.size());
    assertEquals(1160, v.totalCount());
    assertEquals(0, v.index("the"));
    assertEquals(2, v.index("bat"));
    assertEquals(-1, v.index("rare"));
    assertEquals(-1, v.index("unseen"));
    assertEquals(50, v.count(3));
    assertEquals("dog", v.word(1));
  }

  @Test
  void maxSizeKeepsTheMostFrequentWords() {
    Vocabulary v = Vocabulary.build(counts(), 1, 2, 0);
    assertEquals(List.of("the", "dog"), v.words());
    assertEquals(1060, v.totalCount());
  }

  @Test
  void rejectsBadBoundsMalformedWordsAndEmptyResults() {
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(counts(), 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(counts(), 1, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(counts(), 1, 0, -1e-3));
    assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.build(Map.of("two words", 9L), 1, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.build(Map.of("", 9L), 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(counts(), 5000, 0, 0));
  }

  @Test
  void keepThresholdsFollowWord2vecC() {
    double sample = 1e-3;
    Map<String, Long> c = new HashMap<>();
    c.put("frequent", 100_000L);
    c.put("middle", 1_000L);
    c.put("rare", 10L);
    Vocabulary v = Vocabulary.build(c, 1, 0, sample);
    double t = sample * 101_010;
    for (int i = 0; i < v.size(); i++) {
      double expected = Math.min(1, (Math.sqrt(v.count(i) / t) + 1) * t / v.count(i));
      assertEquals(expected, v.keepProbability(i), 1e-9, v.word(i));
    }
    // (sqrt(1e5/101.01) + 1) * 101.01 / 1e5 = 0.0328...: frequent words are mostly dropped.
    assertEquals(0.0328, v.keepProbability(0), 1e-3);
    assertEquals((int) (v.keepProbability(0) * 0x1p31), v.keepThreshold(0));
    assertEquals(Vocabulary.ALWAYS_KEEP, v.keepThreshold(v.index("rare")));
  }

  @Test
  void zeroSampleKeepsEveryOccurrence() {
    Vocabulary v = Vocabulary.build(counts(), 1, 0, 0);
    for (int i = 0; i < v.size(); i++) {
      assertEquals(Vocabulary.ALWAYS_KEEP, v.keepThreshold(i));
    }
  }

  @Test
  void negativeSamplesFollowCountToTheThreeQuarters() {
    Vocabulary v = Vocabulary.build(counts(), 1, 0, 0);
    double z = 0;
    for (int i = 0; i < v.size(); i++) {
      z += Math.pow(v.count(i), 0.75);
    }
    int[] drawn = new int[v.size()];
    FastRandom rng = new FastRandom(7);
    int draws = 1_000_000;
    for (int k = 0; k < draws; k++) {
      drawn[v.negatives().sample(rng.next31())]++;
    }
    for (int i = 0; i < v.size(); i++) {
      double p = Math.pow(v.count(i), 0.75) / z;
      assertEquals(p, v.negatives().probability(i), 1e-8, v.word(i));
      // 5 standard deviations of a binomial count.
      assertEquals(p * draws, drawn[i], 5 * Math.sqrt(draws * p * (1 - p)), v.word(i));
    }
  }

  @Test
  void encodeDropsOutOfVocabularyTokens() {
    Vocabulary v = Vocabulary.build(counts(), 5, 0, 0);
    assertArrayEquals(new int[] {0, 3, 1},
        v.encode(new String[] {"the", "rare", "cat", "x", "dog"}));
  }

  @Test
  void survivesJavaSerializationWithDerivedTablesRebuilt() throws Exception {
    Vocabulary v = Vocabulary.build(counts(), 1, 0, 1e-2);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(v);
    }
    Vocabulary back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Vocabulary) in.readObject();
    }
    assertSameDerivedTables(v, back);
  }

  /**
   * As Spark broadcasts it: with Kryo and sparktrain's registrator, which calls no readObject.
   * Before the derived tables were rebuilt on first use, an executor of a real cluster got them
   * null and Word2Vec failed in its first task; local mode never deserialises a broadcast.
   */
  @Test
  void survivesSparksKryoBroadcastSerialization() {
    Vocabulary v = Vocabulary.build(counts(), 1, 0, 1e-2);
    SparkConf conf = new SparkConf();
    KryoSetup.apply(conf);
    SerializerInstance kryo = new KryoSerializer(conf).newInstance();
    ClassTag<Vocabulary> tag = ClassTag$.MODULE$.apply(Vocabulary.class);
    Vocabulary back = kryo.deserialize(kryo.serialize(v, tag), tag);
    String[] sentence = {"the", "rare", "cat", "x", "dog"};
    assertArrayEquals(v.encode(sentence), back.encode(sentence));
    assertSameDerivedTables(v, back);
  }

  private static void assertSameDerivedTables(Vocabulary v, Vocabulary back) {
    assertEquals(v.words(), back.words());
    assertEquals(v.totalCount(), back.totalCount());
    assertEquals(v.index("cat"), back.index("cat"));
    assertArrayEquals(v.keepThresholds(), back.keepThresholds());
    for (int i = 0; i < v.size(); i++) {
      assertEquals(v.negatives().probability(i), back.negatives().probability(i));
    }
    assertTrue(back.keepThreshold(0) < Vocabulary.ALWAYS_KEEP);
  }
}
