package io.sparktrain.embed.eval;

import io.sparktrain.data.Corpus;
import io.sparktrain.spec.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the synsets of WordNet's {@code data.adj}, {@code data.adv}, {@code data.noun} and
 * {@code data.verb} (the layout {@code sparktrain data fetch wordnet} installs). Each data line is
 * {@code offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] p_cnt [pointers] | gloss},
 * with {@code w_cnt} in hexadecimal; lines starting with two spaces are the license header.
 */
public final class WordNetFiles {

  /** The data files read, in this order. */
  public static final List<String> FILES = List.of("data.adj", "data.adv", "data.noun", "data.verb");

  private static final String GLOSS_SEPARATOR = " | ";
  /** Adjectives may carry a syntactic marker glued to the word: {@code galore(ip)}, {@code elect(p)}. */
  private static final String ADJECTIVE_MARKER = "\\([a-z]+\\)$";

  private WordNetFiles() {}

  /**
   * Every synset of the four data files, file after file in {@link #FILES} order, each file in
   * offset order.
   *
   * @throws DataException if a file is missing or a line is malformed
   */
  public static List<Synset> read(Path wordnetDir) {
    List<Synset> synsets = new ArrayList<>();
    for (String name : FILES) {
      synsets.addAll(readFile(wordnetDir.resolve(name)));
    }
    return synsets;
  }

  /**
   * The synsets of one data file.
   *
   * @throws DataException if the file is missing or a line is malformed
   */
  public static List<Synset> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataException("WordNet file not found: " + file
          + " (install it with `sparktrain data fetch wordnet`)");
    }
    try (Stream<String> lines = Corpus.lines(file)) {
      return lines.filter(WordNetFiles::isSynsetLine).map(line -> parse(file, line)).toList();
    }
  }

  /**
   * Parses one data line.
   *
   * @throws IllegalArgumentException if the line does not follow the data file format
   */
  public static Synset parse(String line) {
    int bar = line.indexOf(GLOSS_SEPARATOR);
    String head = bar < 0 ? line : line.substring(0, bar);
    String gloss = bar < 0 ? "" : line.substring(bar + GLOSS_SEPARATOR.length()).strip();
    String[] fields = head.strip().split(" +");
    if (fields.length < 5 || fields[2].length() != 1) {
      throw new IllegalArgumentException("not a WordNet synset line: " + abbreviate(line));
    }
    int count = Integer.parseInt(fields[3], 16);
    if (count < 1 || fields.length < 4 + 2 * count) {
      throw new IllegalArgumentException("word count " + fields[3] + " does not match the words of: "
          + abbreviate(line));
    }
    List<String> words = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      words.add(fields[4 + 2 * i].replaceFirst(ADJECTIVE_MARKER, ""));
    }
    return new Synset(fields[0], fields[2].charAt(0), words, gloss,
        pointers(fields, 4 + 2 * count, line));
  }

  /** The {@code p_cnt} pointers from {@code fields[at]} on; what follows them (verb frames) is left. */
  private static List<Synset.Pointer> pointers(String[] fields, int at, String line) {
    if (at >= fields.length) {
      return List.of();
    }
    int count = Integer.parseInt(fields[at]);
    if (fields.length < at + 1 + 4 * count) {
      throw new IllegalArgumentException("pointer count " + fields[at] + " does not match the "
          + "pointers of: " + abbreviate(line));
    }
    List<Synset.Pointer> pointers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int p = at + 1 + 4 * i;
      String sourceTarget = fields[p + 3];
      if (sourceTarget.length() != 4 || fields[p + 2].length() != 1) {
        throw new IllegalArgumentException("malformed pointer '" + fields[p] + " " + fields[p + 1]
            + " " + fields[p + 2] + " " + sourceTarget + "' in: " + abbreviate(line));
      }
      pointers.add(new Synset.Pointer(fields[p], fields[p + 1], fields[p + 2].charAt(0),
          Integer.parseInt(sourceTarget.substring(0, 2), 16),
          Integer.parseInt(sourceTarget.substring(2), 16)));
    }
    return pointers;
  }

  private static boolean isSynsetLine(String line) {
    return !line.isBlank() && !line.startsWith("  ");
  }

  private static Synset parse(Path file, String line) {
    try {
      return parse(line);
    } catch (IllegalArgumentException e) {
      throw new DataException(file + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
