package io.sparktrain.data;

import static io.sparktrain.data.Packages.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDigestTest {

  @TempDir
  Path dir;

  @Test
  void isTheDigestOfSortedSha256sumLines() throws Exception {
    Files.createDirectories(dir.resolve("spam-1"));
    Files.write(dir.resolve("b.txt"), utf8("b"));
    Files.write(dir.resolve("spam-1/a.txt"), utf8("a"));
    Files.write(dir.resolve("a.txt"), utf8("a"));

    assertEquals(List.of("a.txt", "b.txt", "spam-1/a.txt"), TreeDigest.files(dir));
    // sha256sum's format: hex, two spaces, path, newline.
    String lines = ToySets.sha256(utf8("a")) + "  a.txt\n" + ToySets.sha256(utf8("b")) + "  b.txt\n"
        + ToySets.sha256(utf8("a")) + "  spam-1/a.txt\n";
    assertEquals(ToySets.sha256(utf8(lines)), TreeDigest.of(dir));
    assertEquals(ToySets.digest(Map.of("a.txt", utf8("a"), "b.txt", utf8("b"),
        "spam-1/a.txt", utf8("a"))), TreeDigest.of(dir));
  }

  @Test
  void ignoresTimestampsButNotNamesOrContent() throws Exception {
    Path file = Files.write(dir.resolve("a.txt"), utf8("a"));
    String digest = TreeDigest.of(dir);

    Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    assertEquals(digest, TreeDigest.of(dir));

    Files.move(file, dir.resolve("b.txt"));
    assertNotEquals(digest, TreeDigest.of(dir));
  }
}
