package io.sparktrain.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.DataException;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Word2VecFormatTest {

  private static final String SERIALIZER =
      "org.deeplearning4j.models.embeddings.loader.WordVectorSerializer";

  @TempDir
  Path dir;

  /** Three words, one of them non-ASCII, with values that need every digit of a float. */
  private static WordVectors sample() {
    float[] v = new float[3 * 4];
    FastRandom rng = new FastRandom(3);
    for (int i = 0; i < v.length; i++) {
      v[i] = (rng.nextFloat() - 0.5f) * (i % 3 == 0 ? 1e-6f : 3f);
    }
    return new WordVectors(List.of("plain", "naïve", "東京"), v, 4);
  }

  private static void assertSameVectors(WordVectors expected, WordVectors actual) {
    assertEquals(expected.words(), actual.words());
    assertEquals(expected.dim(), actual.dim());
    for (String w : expected.words()) {
      assertArrayEquals(expected.vector(w), actual.vector(w), w);
    }
  }

  @Test
  void textRoundTripsExactly() throws Exception {
    Path file = dir.resolve("vectors.txt");
    Word2VecFormat.writeText(sample(), file);
    assertSameVectors(sample(), Word2VecFormat.readText(file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals("3 4", lines.get(0));
    assertEquals("naïve", lines.get(2).split(" ")[0]);
  }

  @Test
  void binaryRoundTripsExactly() {
    Path file = dir.resolve("vectors.bin");
    Word2VecFormat.writeBinary(sample(), file);
    assertSameVectors(sample(), Word2VecFormat.readBinary(file));
  }

  @Test
  void binaryLayoutIsWord2vecCs() throws Exception {
    Path file = dir.resolve("one.bin");
    Word2VecFormat.writeBinary(new WordVectors(List.of("é", "b"), new float[] {1f, -2f, 0.5f, 0f},
        2), file);
    ByteBuffer expected = ByteBuffer.allocate(6 + 3 + 8 + 1 + 2 + 8 + 1)
        .order(ByteOrder.LITTLE_ENDIAN);
    expected.put("2 2\n".getBytes(StandardCharsets.US_ASCII));
    expected.put("é ".getBytes(StandardCharsets.UTF_8)).putFloat(1f).putFloat(-2f)
        .put((byte) '\n');
    expected.put("b ".getBytes(StandardCharsets.UTF_8)).putFloat(0.5f).putFloat(0f)
        .put((byte) '\n');
    assertArrayEquals(Arrays.copyOf(expected.array(), expected.position()),
        Files.readAllBytes(file));
  }

  @Test
  void writesReplaceAtomicallyAndLeaveNoTemporaryFiles() throws Exception {
    Path file = dir.resolve("out/vectors.txt");
    Word2VecFormat.writeText(new WordVectors(List.of("a"), new float[] {1f}, 1), file);
    Word2VecFormat.writeText(sample(), file);
    assertSameVectors(sample(), Word2VecFormat.readText(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void rejectsWordsThatCannotBeReadBack() {
    WordVectors spaced = new WordVectors(List.of("new york"), new float[] {1f}, 1);
    assertThrows(IllegalArgumentException.class,
        () -> Word2VecFormat.writeText(spaced, dir.resolve("x.txt")));
    assertThrows(IllegalArgumentException.class,
        () -> Word2VecFormat.writeBinary(spaced, dir.resolve("x.bin")));
  }

  @Test
  void malformedFilesAreDataErrors() throws Exception {
    Path text = dir.resolve("bad.txt");
    Files.writeString(text, "2 3\na 1 2 3\nb 1 2\n");
    assertThrows(DataException.class, () -> Word2VecFormat.readText(text));
    Files.writeString(text, "two 3\n");
    assertThrows(DataException.class, () -> Word2VecFormat.readText(text));
    Path bin = dir.resolve("bad.bin");
    Files.write(bin, "1 2\na ".getBytes(StandardCharsets.US_ASCII));
    assertThrows(DataException.class, () -> Word2VecFormat.readBinary(bin));
  }

  @Test
  void dl4jWordVectorSerializerReadsTheTextFormat() throws Exception {
    dl4jReadsBack(Word2VecFormat::writeText, "vectors.txt");
  }

  @Test
  void dl4jWordVectorSerializerReadsTheBinaryFormat() throws Exception {
    dl4jReadsBack(Word2VecFormat::writeBinary, "vectors.bin");
  }

  /**
   * DL4J's reader lives in deeplearning4j-nlp, which the jobs module does not depend on (it is not
   * in the offline repository either); the check runs wherever it is on the test classpath.
   */
  private void dl4jReadsBack(BiConsumer<WordVectors, Path> write, String name) throws Exception {
    Class<?> serializer;
    try {
      serializer = Class.forName(SERIALIZER);
    } catch (ClassNotFoundException e) {
      Assumptions.abort("skipped: " + SERIALIZER + " (deeplearning4j-nlp) is not on the classpath");
      return;
    }
    WordVectors vectors = sample();
    Path file = dir.resolve(name);
    write.accept(vectors, file);
    Method read = serializer.getMethod("readWord2VecModel", File.class);
    Object model = read.invoke(null, file.toFile());
    Method vector = model.getClass().getMethod("getWordVector", String.class);
    Function<String, double[]> lookup = w -> {
      try {
        return (double[]) vector.invoke(model, w);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
    for (String w : vectors.words()) {
      float[] ours = vectors.vector(w);
      double[] theirs = lookup.apply(w);
      assertEquals(ours.length, theirs.length, w);
      for (int i = 0; i < ours.length; i++) {
        assertEquals(ours[i], (float) theirs[i], w);
      }
    }
  }
}
