package io.sparktrain.data;

import static io.sparktrain.data.Packages.utf8;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs that succeed: each package format, fall-through between mirrors, force, concurrency. */
class DataCacheTest {

  @TempDir
  Path root;

  private final TestServer server = new TestServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void installsTheLayoutFilesOfAnNpmTarballAndNothingElse() {
    DataSet set = toy(V1, npmMirror(server.serve("/toy-1.0.0.tgz", npmTarball(V1))));
    DataCache cache = ToySets.cache(root, set);

    Path installed = cache.ensure(NAME);

    assertEquals(root.resolve(NAME), installed);
    assertEquals(text(V1), contents(installed));
    assertEquals(set.sha256(), TreeDigest.of(installed));
    assertTrue(cache.isInstalled(NAME));
    assertEquals(List.of(NAME), entries(root), "no temporary directory is left behind");
  }

  @Test
  void gunzipsMembersOfADebianPackage() {
    byte[] idx = {0, 0, 8, 1, 0, 0, 0, 2, 7, 3};
    Map<String, byte[]> tree = Map.of("train-labels-idx1-ubyte", idx);
    String deb = server.serve("/pool/x_1.0_all.deb", Packages.deb(Map.of(
        "./usr/share/doc/x/copyright", utf8("free"),
        "./usr/share/datasets/x/train-labels-idx1-ubyte.gz", Packages.gzip(idx))));
    DataSet set = new DataSet("x", "IDX labels", List.of("train-labels-idx1-ubyte"),
        ToySets.digest(tree), List.of(Mirror.archive(Mirror.Origin.PACKAGE, deb,
            Mirror.Format.DEB, "usr/share/datasets/x/",
            Mirror.Extract.gunzip("train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte"))));

    Path installed = ToySets.cache(root, set).ensure("x");

    assertEquals(set.sha256(), TreeDigest.of(installed));
  }

  @Test
  void writesTheTextFieldOfJsonMembersAsTextFiles() {
    String url = server.serve("/mail.tgz", Packages.tgz(Map.of(
        "package/data/file_list.json", utf8("[]"),
        "package/data/spam-1/00001.abc.json", utf8("{\"id\":\"1\",\"text\":\"From: x\\nBuy now\"}"))));
    Map<String, byte[]> tree = Map.of("spam-1/00001.abc.txt", utf8("From: x\nBuy now"));
    DataSet set = new DataSet("mail", "mails", List.of("spam-1/*.txt"), ToySets.digest(tree),
        List.of(Mirror.archive(Mirror.Origin.PACKAGE, url, Mirror.Format.TGZ, "package/",
            Mirror.Extract.jsonText("data/*/*.json", ""))));

    Path installed = ToySets.cache(root, set).ensure("mail");

    assertEquals(text(tree), contents(installed));
  }

  @Test
  void gunzipsEachFileOfAFilesMirror() {
    server.serve("/mnist/a.txt.gz", Packages.gzip(V1.get("a.txt")));
    server.serve("/mnist/b.txt.gz", Packages.gzip(V1.get("b.txt")));
    DataSet set = toy(V1, Mirror.files(Mirror.Origin.UPSTREAM, server.url("/mnist/"),
        Mirror.Transform.GUNZIP, "a.txt", "b.txt"));

    assertEquals(text(V1), contents(ToySets.cache(root, set).ensure(NAME)));
  }

  @Test
  void readsFileUrls(@TempDir Path mirrorDir) throws Exception {
    Path tarball = Files.write(mirrorDir.resolve("toy.tgz"), npmTarball(V1));
    DataSet set = toy(V1, npmMirror(tarball.toUri().toString()));

    assertEquals(text(V1), contents(ToySets.cache(root, set).ensure(NAME)));
  }

  @Test
  void fallsThroughToTheSecondMirrorWhenTheFirstFails() {
    DataSet set = toy(V1,
        npmMirror(server.url("/missing.tgz")),
        npmMirror(TestServer.refusedUrl("/toy.tgz")),
        npmMirror(server.serve("/toy.tgz", npmTarball(V1))));

    assertEquals(text(V1), contents(ToySets.cache(root, set).ensure(NAME)));
    assertEquals(List.of(NAME), entries(root));
  }

  @Test
  void movesOnToTheNextMirrorAfterAChecksumMismatch() {
    DataSet set = toy(V1,
        npmMirror(server.serve("/tampered.tgz", npmTarball(V2))),
        npmMirror(server.serve("/toy.tgz", npmTarball(V1))));

    assertEquals(text(V1), contents(ToySets.cache(root, set).ensure(NAME)));
  }

  @Test
  void ensureDoesNotFetchAnInstalledSetAgain() {
    DataCache cache = ToySets.cache(root,
        toy(V1, npmMirror(server.serve("/toy.tgz", npmTarball(V1)))));
    cache.ensure(NAME);
    int requests = server.requests();

    cache.ensure(NAME);

    assertEquals(requests, server.requests());
  }

  @Test
  void forcedFetchReplacesTheInstallOnceTheNewCopyIsVerified() {
    String url = server.serve("/toy.tgz", npmTarball(V1));
    ToySets.cache(root, toy(V1, npmMirror(url))).ensure(NAME);
    server.serve("/toy.tgz", npmTarball(V2));

    Path installed = ToySets.cache(root, toy(V2, npmMirror(url))).fetch(NAME, true);

    assertEquals(text(V2), contents(installed));
    assertEquals(List.of(NAME), entries(root));
  }

  @Test
  void concurrentFetchesOfOneSetBothSucceedWithOneIntactInstall() throws Exception {
    DataSet set = toy(V1, npmMirror(server.serve("/toy.tgz", npmTarball(V1))));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        // separate caches, as separate JVMs would have
        Callable<Path> fetch = () -> ToySets.cache(root, set).ensure(NAME);
        results.add(pool.submit(fetch));
      }
      for (Future<Path> result : results) {
        assertEquals(root.resolve(NAME), result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(set.sha256(), TreeDigest.of(root.resolve(NAME)));
    assertEquals(List.of(NAME), entries(root));
  }

  @Test
  void sweepsTemporaryDirectoriesAKilledFetchLeftBehindButNotRecentOnes() throws Exception {
    Path abandoned = Files.createDirectories(root.resolve(".partial-toy-123"));
    Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Path running = Files.createDirectories(root.resolve(".partial-toy-456"));

    ToySets.cache(root, toy(V1, npmMirror(server.serve("/toy.tgz", npmTarball(V1))))).ensure(NAME);

    assertEquals(List.of(".partial-toy-456", NAME), entries(root));
    assertTrue(Files.isDirectory(running));
  }

  @Test
  void defaultRootComesFromTheSystemPropertyFirst() {
    String before = System.getProperty(DataCache.PROPERTY);
    System.setProperty(DataCache.PROPERTY, root.toString());
    try {
      DataCache cache = DataCache.fromEnvironment();
      assertEquals(root.toAbsolutePath(), cache.root());
      assertFalse(cache.isInstalled("iris"));
    } finally {
      if (before == null) {
        System.clearProperty(DataCache.PROPERTY);
      } else {
        System.setProperty(DataCache.PROPERTY, before);
      }
    }
  }
}
