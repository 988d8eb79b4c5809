package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Really fetches iris through its package routes (Debian's python3-sklearn), the way the machines
 * here and CI reach it, and checks the pinned digest. Excluded with {@code -DexcludedGroups=network}.
 */
@Tag("network")
class NetworkFetchTest {

  @TempDir
  Path root;

  @Test
  void fetchesIrisFromTheDebianPackageWithThePinnedDigest() throws Exception {
    DataSet iris = DataCatalog.standard().get("iris");
    List<Mirror> packages = iris.mirrors().stream()
        .filter(m -> m.origin() == Mirror.Origin.PACKAGE).toList();
    DataSet viaPackages =
        new DataSet(iris.name(), iris.description(), iris.layout(), iris.sha256(), packages);

    Path installed = ToySets.cache(root, viaPackages).ensure("iris");

    assertEquals(iris.sha256(), TreeDigest.of(installed));
    List<String> lines = Files.readAllLines(installed.resolve("iris.csv"));
    assertEquals("150,4,setosa,versicolor,virginica", lines.get(0));
    assertEquals(151, lines.size());
    assertTrue(lines.get(1).endsWith(",0"));
  }
}
