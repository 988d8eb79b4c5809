package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * First names as character sequences for a language model: each name lowercased and wrapped as
 * {@code [START, c1 .. cn, END]} ({@link CharacterAlphabet} ids, stored as the example's features).
 * Steps {@code 0 .. n} are the inputs and steps {@code 1 .. n+1} their targets, so a name of n
 * letters is n + 1 predictions. Names differ in length; the batches pad them to their longest and
 * mask the padding (train.Shard).
 *
 * <p>A name listed twice (female and male lists share some, "jean" say) is kept once, so a
 * held-out name never also sits in the training split.
 */
public final class NameSource {

  private NameSource() {}

  /**
   * @param files the name lists, one name per line (blank lines skipped), read in order
   * @param limit the most names kept, after duplicates are dropped
   */
  static RawSource read(JavaSparkContext sc, List<Path> files, int limit, int partitions) {
    List<Example> examples = new ArrayList<>();
    int index = 0;
    for (float[] name : names(files)) {
      if (index == limit) {
        break;
      }
      examples.add(new Example(index++, name, -1));
    }
    return new RawSource(sc.parallelize(examples, partitions), null, null,
        CharacterAlphabet.size(), CharacterAlphabet.size(), null, null,
        files.stream().map(f -> f.toUri().toString()).toList());
  }

  /**
   * The distinct names of the files, in order of first appearance, as wrapped id sequences.
   *
   * @throws DataException naming file and line for a character outside the alphabet, or a file
   *     that cannot be read
   */
  public static List<float[]> names(List<Path> files) {
    Set<String> seen = new LinkedHashSet<>();
    List<float[]> names = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        String name = lines.get(i).strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && seen.add(name)) {
          names.add(wrap(name, file, i + 1));
        }
      }
    }
    return names;
  }

  private static float[] wrap(String name, Path file, int line) {
    float[] ids = new float[name.length() + 2];
    ids[0] = CharacterAlphabet.START;
    for (int i = 0; i < name.length(); i++) {
      int id = CharacterAlphabet.id(name.charAt(i));
      if (id < 0) {
        throw new DataException(file + ":" + line + ": '" + name + "' has the character '"
            + name.charAt(i) + "', which the names alphabet (a-z and '-') lacks");
      }
      ids[i + 1] = id;
    }
    ids[ids.length - 1] = CharacterAlphabet.END;
    return ids;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read the name list: " + e.getMessage(), e);
    }
  }
}
