package io.sparktrain.bench;

import io.sparktrain.data.Corpus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A corpus tokenised once, as sparktrain tokenises it, into a file that every trainer of
 * {@link Word2VecBenchmark} reads: one sentence (one corpus line with at least one token) per line,
 * tokens separated by one space. Splitting a line of that file on spaces gives back exactly its
 * tokens, and sparktrain's own tokenizer leaves it unchanged (checked as it is written), so every
 * trainer learns from the same words.
 *
 * @param file the tokenised corpus
 * @param sentences lines of {@code file}
 * @param tokens tokens of {@code file}: the words one epoch reads
 * @param counts occurrences of each token, to order every trainer's vectors by frequency
 */
record TokenisedCorpus(Path file, long sentences, long tokens, Map<String, Long> counts) {

  /** sparktrain's WordNet data line ({@code io.sparktrain.embed.CorpusText}, package-private). */
  private static final Pattern WORDNET_ENTRY = Pattern.compile("^\\d{8} \\d{2} [nvasr] .*");

  /**
   * Tokenises the corpora, one after the other, into {@code file}.
   *
   * @throws IllegalStateException if a written line would be tokenised differently when read back
   */
  static TokenisedCorpus write(List<Path> corpora, Path file) {
    Map<String, Long> counts = new HashMap<>();
    long sentences = 0;
    long tokens = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Path corpus : corpora) {
        try (Stream<String> lines = Corpus.lines(corpus)) {
          for (String line : (Iterable<String>) lines::iterator) {
            List<String> words = tokens(line);
            if (words.isEmpty()) {
              continue;
            }
            String sentence = String.join(" ", words);
            if (WORDNET_ENTRY.matcher(sentence).matches()) {
              throw new IllegalStateException("sparktrain would read this tokenised line as a "
                  + "WordNet entry and keep only its gloss: " + sentence);
            }
            out.write(sentence);
            out.write('\n');
            sentences++;
            tokens += words.size();
            words.forEach(w -> counts.merge(w, 1L, Long::sum));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tokenised corpus " + file, e);
    }
    return new TokenisedCorpus(file, sentences, tokens, counts);
  }

  /**
   * A copy of sparktrain's tokenizer ({@code CorpusText.tokens}): license lines (two leading
   * spaces) are skipped, a WordNet data line gives only its gloss (after {@code " | "}), and the
   * text is split by {@link Corpus#tokens}.
   */
  private static List<String> tokens(String line) {
    if (line.startsWith("  ")) {
      return List.of();
    }
    String text = line;
    if (WORDNET_ENTRY.matcher(line).matches()) {
      int bar = line.indexOf(" | ");
      text = bar < 0 ? "" : line.substring(bar + 3);
    }
    return Corpus.tokens(text).toList();
  }

  /** Words occurring at least {@code minCount} times. */
  long vocabularySize(int minCount) {
    return counts.values().stream().filter(c -> c >= minCount).count();
  }

  /** Words occurring at least {@code minCount} times, most frequent first (ties alphabetical). */
  List<String> vocabulary(int minCount) {
    return counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).toList();
  }

  /**
   * {@code vectors} ordered as word2vec writes them, most frequent word in this corpus first (ties
   * alphabetical), so that every trainer's analogies are searched among the same words.
   */
  LinkedHashMap<String, float[]> byFrequency(Map<String, float[]> vectors) {
    LinkedHashMap<String, float[]> ordered = new LinkedHashMap<>();
    vectors.keySet().stream()
        .sorted(Comparator.comparing((String w) -> -counts.getOrDefault(w, 0L))
            .thenComparing(Comparator.naturalOrder()))
        .forEach(w -> ordered.put(w, vectors.get(w)));
    return ordered;
  }
}
