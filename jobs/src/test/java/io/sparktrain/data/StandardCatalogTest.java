package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pinned registry is internally consistent and installs the names the readers expect. */
class StandardCatalogTest {

  private static final List<String> IDX = List.of("train-images-idx3-ubyte",
      "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  private final DataCatalog catalog = DataCatalog.standard();

  @Test
  void registersEverySetASpecMayNameAndTheCorpora() {
    // xor is the truth table, built in rather than downloaded; mnist-attributes reads mnist.
    List<String> downloaded = Arrays.stream(DataSource.values())
        .flatMap(source -> source.cachedSets().stream()).toList();
    assertTrue(catalog.names().containsAll(downloaded), catalog.names().toString());
    assertFalse(catalog.names().contains("xor"));
    assertTrue(catalog.names().containsAll(
        List.of("sotu", "moby-dick", "wordnet", "gcide", "spam-assassin")));
  }

  @Test
  void everySetHasItsUpstreamFirstThenAPackageRoute() {
    for (DataSet set : catalog.all()) {
      assertTrue(set.mirrors().size() >= 2, set.name() + ": at least two mirrors");
      assertEquals(Mirror.Origin.UPSTREAM, set.mirrors().get(0).origin(), set.name());
      assertTrue(set.mirrors().stream().anyMatch(m -> m.origin() == Mirror.Origin.PACKAGE),
          set.name() + ": a package route");
      assertTrue(set.mirrors().stream().anyMatch(
              m -> m.url().getHost().matches("registry\\.npmjs\\.org|deb\\.debian\\.org")),
          set.name() + ": a route through npm or Debian, which CI and these machines reach");
    }
  }

  @Test
  void everySetPinsA64HexDigestAndMirrorsAreDistinct() {
    for (DataSet set : catalog.all()) {
      assertTrue(set.sha256().matches("[0-9a-f]{64}"), set.name());
      assertEquals(set.mirrors().size(),
          set.mirrors().stream().map(Mirror::url).distinct().count(), set.name());
    }
  }

  @Test
  void everyMirrorProducesEveryLayoutEntryAndNamedFilesAreInTheLayout() {
    for (DataSet set : catalog.all()) {
      for (Mirror mirror : set.mirrors()) {
        String where = set.name() + " " + mirror.url() + ": ";
        for (String entry : set.layout()) {
          String sample = entry.replace('*', 'x').replace('?', 'y');
          assertTrue(mirror.extracts().stream().anyMatch(e -> e.isPattern()
              ? Globs.matches(e.target(e.from()), sample) : e.to().equals(sample)), where + entry);
        }
        mirror.extracts().stream().filter(e -> !e.isPattern())
            .forEach(e -> assertTrue(set.inLayout(e.to()), where + e.to()));
      }
    }
  }

  @Test
  void installsTheFileNamesTheReadersDependOn() {
    Map<String, List<String>> expected = Map.of(
        "mnist", IDX, "fashion-mnist", IDX, "digits", List.of("digits.csv"),
        "iris", List.of("iris.csv"), "wine", List.of("wine.csv"),
        "breast-cancer", List.of("breast-cancer.csv"), "gcide", List.of("gcide.dict.dz"),
        "wordnet", List.of("data.adj", "data.adv", "data.noun", "data.verb"),
        "sunspots", List.of("sunspots.csv"), "co2", List.of("co2.csv"));
    expected.forEach((name, layout) -> assertEquals(layout, catalog.get(name).layout(), name));
  }

  @Test
  void rejectsMalformedDefinitions() {
    Mirror mirror = ToySets.npmMirror("https://registry.npmjs.org/x/-/x-1.tgz");
    assertThrows(IllegalArgumentException.class,
        () -> new DataSet("Bad Name", "d", List.of("a"), "0".repeat(64), List.of(mirror)));
    assertThrows(IllegalArgumentException.class,
        () -> new DataSet("x", "d", List.of("a"), "abc", List.of(mirror)));
    assertThrows(IllegalArgumentException.class,
        () -> new DataSet("x", "d", List.of(), "0".repeat(64), List.of(mirror)));
    DataSet set = new DataSet("x", "d", List.of("a"), "0".repeat(64), List.of(mirror));
    assertThrows(IllegalArgumentException.class, () -> new DataCatalog(List.of(set, set)));
    assertThrows(IllegalArgumentException.class, () -> Mirror.files(Mirror.Origin.UPSTREAM,
        "https://example.org/", Mirror.Transform.COPY, "*.txt"));
  }

  @Test
  void globsStayWithinOneDirectoryLevel() {
    assertTrue(Globs.matches("*.txt", "a.txt"));
    assertFalse(Globs.matches("*.txt", "spam-1/a.txt"));
    assertTrue(Globs.matches("spam-1/*.txt", "spam-1/a.txt"));
    assertFalse(Globs.matches("chapter_?.txt", "chapter_10.txt"));
    assertFalse(Globs.matches("a.txt", "aXtxt"), "'.' is literal");
  }
}
