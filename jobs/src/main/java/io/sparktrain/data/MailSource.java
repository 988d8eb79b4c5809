package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The SpamAssassin public corpus as labelled texts: ham 0, spam 1, one example per mail. The
 * driver lists the files (names only) and numbers them in the order of the MD5 digest each name
 * carries, which mixes ham and spam, so that {@code limit} and {@code trainExamples} (the first
 * examples) take both. Executors read each mail and keep its subject and body, not the other
 * headers, whose relay and software traces would give the label away without reading a word.
 */
final class MailSource {

  static final List<String> HAM = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1");
  static final List<String> SPAM = List.of("spam-1", "spam-2");

  private MailSource() {}

  static RawSource read(JavaSparkContext sc, Path dir, WordIds words, int limit, int partitions) {
    List<Tuple2<String, Integer>> mails = new ArrayList<>();
    for (String group : HAM) {
      list(dir.resolve(group)).forEach(f -> mails.add(new Tuple2<>(f, 0)));
    }
    for (String group : SPAM) {
      list(dir.resolve(group)).forEach(f -> mails.add(new Tuple2<>(f, 1)));
    }
    mails.sort(Comparator.comparing((Tuple2<String, Integer> m) -> digest(m._1()))
        .thenComparing(Tuple2::_1));
    Broadcast<WordIds> ids = sc.broadcast(words);
    JavaRDD<Example> examples = sc.parallelize(mails.subList(0, Math.min(limit, mails.size())),
            partitions)
        .zipWithIndex()
        .map(t -> new Example(t._2(), ids.value().encode(text(t._1()._1())), t._1()._2()));
    return new RawSource(examples, null, null, words.length(), 2, null, null,
        mails.stream().map(Tuple2::_1).toList());
  }

  /** Subject and body: the header lines until the first empty line are left out but Subject. */
  static String text(String file) {
    String mail;
    try {
      mail = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new DataException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    int bodyStart = mail.indexOf("\n\n");
    String headers = bodyStart < 0 ? mail : mail.substring(0, bodyStart);
    String body = bodyStart < 0 ? "" : mail.substring(bodyStart + 2);
    String subject = headers.lines().filter(l -> l.regionMatches(true, 0, "Subject:", 0, 8))
        .findFirst().map(l -> l.substring(8)).orElse("");
    return subject + "\n" + body;
  }

  /** {@code 00001.7848dde101aa985090474a91ec93fcf0.txt}: the part between the dots. */
  private static String digest(String file) {
    String name = Path.of(file).getFileName().toString();
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  private static List<String> list(Path group) {
    if (!Files.isDirectory(group)) {
      throw new DataException(group + ": missing; fetch the data set again "
          + "(bin/sparktrain data fetch spam-assassin)");
    }
    try (Stream<Path> files = Files.list(group)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".txt")).map(Path::toString)
          .sorted().toList();
    } catch (IOException e) {
      throw new DataException(group + ": cannot be listed (" + e.getMessage() + ")", e);
    }
  }
}
