package io.sparktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import io.sparktrain.spec.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameSourceTest {

  /** The name lists, female then male, fetched into the data cache if they are not there. */
  static List<Path> installedLists() {
    DataCache cache = DataCache.fromEnvironment();
    List<String> sets = DataSource.NAMES.cachedSets();
    return sets.stream().map(set -> cache.ensure(set).resolve("names.txt")).toList();
  }

  @Test
  void readsTheRealListsAsWrappedDistinctLowercaseNames() throws Exception {
    List<Path> files = installedLists();
    List<float[]> names = NameSource.names(files);
    long lines = 0;
    Set<String> distinct = new HashSet<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          lines++;
          distinct.add(line.strip().toLowerCase());
        }
      }
    }
    // Both lists hold some names ("jean"), kept once.
    assertEquals(distinct.size(), names.size());
    assertTrue(names.size() < lines, names.size() + " of " + lines);
    // The female list starts with "Aaren".
    assertArrayEquals(new float[] {CharacterAlphabet.START, id('a'), id('a'), id('r'), id('e'),
        id('n'), CharacterAlphabet.END}, names.get(0));
    for (float[] name : names) {
      assertEquals(CharacterAlphabet.START, name[0]);
      assertEquals(CharacterAlphabet.END, name[name.length - 1]);
      assertTrue(name.length >= 3, "a name of at least one letter");
    }
  }

  @Test
  void rejectsACharacterOutsideTheAlphabetNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("names.txt");
    Files.writeString(file, "Anna\n\nZoë\n");
    DataException e = assertThrows(DataException.class, () -> NameSource.names(List.of(file)));
    assertEquals(file + ":3: 'zoë' has the character 'ë', which the names alphabet (a-z and "
        + "'-') lacks", e.getMessage());
  }

  @Test
  void decodesIdsLeavingTheMarkersOut() {
    assertEquals("mary-ann", CharacterAlphabet.decode(new int[] {CharacterAlphabet.START,
        (int) id('m'), (int) id('a'), (int) id('r'), (int) id('y'), (int) id('-'), (int) id('a'),
        (int) id('n'), (int) id('n'), CharacterAlphabet.END}));
    assertEquals(29, CharacterAlphabet.size());
    assertEquals(-1, CharacterAlphabet.id('A'));
  }

  private static float id(char c) {
    return CharacterAlphabet.id(c);
  }
}
