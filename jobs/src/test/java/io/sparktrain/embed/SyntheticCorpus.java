package io.sparktrain.embed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded corpora with known structure, and the vocabulary and encoding of one. */
final class SyntheticCorpus {

  final List<String[]> sentences;
  final Vocabulary vocabulary;
  final List<int[]> encoded;

  private SyntheticCorpus(List<String[]> sentences, int minCount, double sample) {
    this.sentences = sentences;
    Map<String, Long> counts = new HashMap<>();
    for (String[] s : sentences) {
      for (String w : s) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    this.vocabulary = Vocabulary.build(counts, minCount, 0, sample);
    this.encoded = new ArrayList<>(sentences.size());
    for (String[] s : sentences) {
      encoded.add(vocabulary.encode(s));
    }
  }

  /**
   * Disjoint topics: word j of topic t is {@code "t" + t + "w" + j}; each sentence draws all its
   * words uniformly from one topic, so words co-occur only within their topic.
   */
  static SyntheticCorpus topics(int topics, int wordsPerTopic, int sentenceCount, int length,
      double sample, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String[]> sentences = new ArrayList<>(sentenceCount);
    for (int s = 0; s < sentenceCount; s++) {
      int topic = rng.nextInt(topics);
      String[] words = new String[length];
      for (int i = 0; i < length; i++) {
        words[i] = "t" + topic + "w" + rng.nextInt(wordsPerTopic);
      }
      sentences.add(words);
    }
    return new SyntheticCorpus(sentences, 1, sample);
  }

  /** The topic of a word made by {@link #topics}. */
  static String topicOf(String word) {
    return word.substring(0, word.indexOf('w'));
  }
}
