package io.sparktrain.pipeline;

// On demand: PipelineReader is spec's here and pipeline's own on main since the struct merge;
// a same-package class wins over this import, so the test compiles on either side.
import io.sparktrain.spec.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparktrain.search.TrialPlan;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The spec fuzz campaign (in {@code pipeline}, the package of the pipeline reader since the
 * structure work, which may use {@code spec} below it): 10,000 mutations of the specs shipped under {@code conf/} (wrong types,
 * extreme numbers, unknown and missing keys, deep nesting, unicode, duplicate keys, anchors,
 * alias bombs, truncation, stray bytes), each read by the reader its command uses. Every one must
 * either be accepted or be rejected with a {@link SpecException} (exit 2) whose every problem
 * names where it is; anything else is a bug that would exit 1. An input that takes more than
 * {@link #HANG_SECONDS} to read counts as a hang.
 */
class SpecFuzzTest {

  private static final Path CONF = Path.of("..", "conf");
  private static final int HANG_SECONDS = 20;
  /**
   * "where: what", where is a dotted path, a line and column, (document) or the file. A path may
   * hold whatever the user's key held, line breaks included, so only its shape is checked.
   */
  private static final Pattern LOCATED =
      Pattern.compile("(document \\d+: )?[^\\s:].*?: \\S.*", Pattern.DOTALL);
  private static final Pattern PIPELINE_KEY = Pattern.compile("(?m)^stages:");
  private static final List<Shipped> SHIPPED = shipped();
  private static final ExecutorService READER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "spec-fuzz-reader");
    t.setDaemon(true);
    return t;
  });

  /** Which command's reader reads a file. */
  enum Reader { JOB, PIPELINE, WORD2VEC, SEARCH }

  record Shipped(String name, Reader reader, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A shipped spec, mutated {@code count} times from {@code seed}. */
  record Mutant(Shipped base, int count, long seed) {
    String text() {
      return new SpecMutator(seed).mutate(base.text(), count);
    }
  }

  @AfterContainer
  static void stopReader() {
    READER.shutdownNow();
  }

  // A fixed seed keeps CI repeatable; a new campaign is this test with another seed (or none).
  @Property(tries = 10_000, seed = "20261202")
  void everyMutantIsAcceptedOrRejectedWithExit2NamingWhere(@ForAll("mutants") Mutant mutant)
      throws Exception {
    String text = mutant.text();
    Path file = Files.createTempFile("spec-fuzz-", ".yaml");
    try {
      // getBytes, not writeString: a lone surrogate (a cut emoji) becomes "?" instead of failing.
      Files.write(file, text.getBytes(StandardCharsets.UTF_8));
      Future<Object> reading = READER.submit(() -> read(mutant.base().reader(), file));
      try {
        reading.get(HANG_SECONDS, TimeUnit.SECONDS);
        Statistics.collect(mutant.base().reader(), "accepted");
      } catch (TimeoutException e) {
        reading.cancel(true);
        fail("reading took over " + HANG_SECONDS + " s" + replay(mutant, text));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (!(cause instanceof SpecException rejected)) {
          throw new AssertionError("not a SpecException, so exit 1: " + cause + replay(mutant,
              text), cause);
        }
        Statistics.collect(mutant.base().reader(), "rejected");
        assertEquals(2, rejected.exitCode());
        assertFalse(rejected.problems().isEmpty(), "no problem listed" + replay(mutant, text));
        for (String problem : rejected.problems()) {
          assertTrue(LOCATED.matcher(problem).matches(),
              "a problem that names no place: '" + problem + "'" + replay(mutant, text));
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Provide
  Arbitrary<Mutant> mutants() {
    return Combinators.combine(Arbitraries.of(SHIPPED), Arbitraries.integers().between(1, 3),
        Arbitraries.longs()).as(Mutant::new);
  }

  private static Object read(Reader reader, Path file) {
    return switch (reader) {
      case JOB -> SpecReader.readAll(file);
      case PIPELINE -> PipelineReader.read(file);
      case WORD2VEC -> Word2VecSpecReader.read(file);
      case SEARCH -> TrialPlan.read(file);
    };
  }

  private static String replay(Mutant mutant, String text) {
    return "\nfrom conf/" + mutant.base().name() + ", " + mutant.count() + " mutation(s), seed "
        + mutant.seed() + "; the input:\n" + (text.length() > 4000
            ? text.substring(0, 4000) + "\n[... " + text.length() + " chars]" : text);
  }

  /** Every spec under conf/, with the reader of the command that runs it. */
  private static List<Shipped> shipped() {
    List<Shipped> specs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CONF)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String name = CONF.relativize(file).toString();
        String text = Files.readString(file);
        // A pipeline may sit beside the jobs it compares (conf/models/spam-text-cnn.yaml).
        Reader reader = PIPELINE_KEY.matcher(text).find() ? Reader.PIPELINE
            : name.startsWith("w2v-") ? Reader.WORD2VEC
            : name.startsWith("search" + File.separator) ? Reader.SEARCH : Reader.JOB;
        Shipped spec = new Shipped(name, reader, text);
        // The premise: every shipped spec is valid as shipped.
        read(reader, file);
        specs.add(spec);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (specs.size() < 5) {
      throw new IllegalStateException("expected the shipped specs under " + CONF.toAbsolutePath());
    }
    return List.copyOf(specs);
  }
}
