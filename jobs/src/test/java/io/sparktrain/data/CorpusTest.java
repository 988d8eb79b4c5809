package io.sparktrain.data;

import static io.sparktrain.data.Packages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lazy, gzip-aware reading of corpora, locally and as an RDD (one local[2] session). */
class CorpusTest {

  private static JavaSparkContext sc;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    sc = JavaSparkContext.fromSparkContext(SparkSession.builder().config(new SparkConf()
        .setMaster("local[2]").setAppName("CorpusTest").set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")).getOrCreate().sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @BeforeEach
  void writeCorpus() throws Exception {
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("a.txt"), "Call me Ishmael.\nSome years ago\n");
    Files.write(dir.resolve("b/c.dict.dz"), Packages.gzip(utf8("gzipped line\nlast\n")));
    Files.write(dir.resolve("b/d.txt"), new byte[] {'o', 'k', (byte) 0xff, '\n'});
  }

  @Test
  void readsEveryFileInPathOrderDecompressingGzipAndReplacingBadBytes() {
    try (Stream<String> lines = Corpus.lines(dir)) {
      assertEquals(List.of("Call me Ishmael.", "Some years ago", "gzipped line", "last",
          "ok\uFFFD"), lines.toList());
    }
  }

  @Test
  void opensFilesOnlyAsTheStreamReachesThem() throws Exception {
    try (Stream<String> lines = Corpus.lines(dir)) {
      Iterator<String> it = lines.iterator();
      assertEquals("Call me Ishmael.", it.next());
      // replaced by a new file (a new inode): only a file opened after this point sees it
      Files.delete(dir.resolve("b/d.txt"));
      Files.writeString(dir.resolve("b/d.txt"), "rewritten\n");
      List<String> rest = new ArrayList<>();
      it.forEachRemaining(rest::add);
      assertEquals(List.of("Some years ago", "gzipped line", "last", "rewritten"), rest);
    }
  }

  @Test
  void rddOfLinesEqualsTheLocalStream() {
    List<String> distributed = Corpus.lines(sc, dir).collect();
    try (Stream<String> local = Corpus.lines(dir)) {
      assertEquals(local.toList(), distributed);
    }
  }

  @Test
  void tokenizesIntoLowerCaseWords() {
    assertEquals(List.of("call", "me", "ishmael", "don't", "1851"),
        Corpus.tokens("Call me, Ishmael! Don't -- 1851.").toList());
  }

  @Test
  void missingCorpusIsADataException() {
    assertThrows(DataException.class, () -> Corpus.lines(dir.resolve("nope")));
  }
}
