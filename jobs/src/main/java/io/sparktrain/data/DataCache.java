package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One directory holding the installed data sets of a {@link DataCatalog}, each as
 * {@code <root>/<name>/}. A set is fetched from its mirrors in order into a temporary directory
 * inside the root, checked against its layout and pinned {@link TreeDigest}, and only then moved
 * to {@code <root>/<name>} in one atomic rename. A failed fetch removes its temporary directory and
 * leaves the cache as it was; an existing install is never damaged. Two processes may fetch the
 * same set at once: each installs privately, the first rename wins and the other verifies the
 * winner's copy.
 *
 * <p>The default root ({@link #fromEnvironment()}) is the system property {@code sparktrain.data},
 * else the environment variable {@code SPARKTRAIN_DATA}, else {@code ~/.cache/sparktrain}.
 */
public final class DataCache {

  /** Environment variable naming the cache root. */
  public static final String ENV = "SPARKTRAIN_DATA";
  /** System property naming the cache root; wins over {@link #ENV} (tests use it). */
  public static final String PROPERTY = "sparktrain.data";

  private static final String PARTIAL = ".partial-";
  private static final Duration ABANDONED_AFTER = Duration.ofHours(24);

  private final Path root;
  private final DataCatalog catalog;
  private final Unpacker unpacker;

  /** A quiet cache of {@code catalog}'s sets under {@code root} (created on the first fetch). */
  public DataCache(Path root, DataCatalog catalog) {
    this(root, catalog, null);
  }

  private DataCache(Path root, DataCatalog catalog, PrintStream progress) {
    this.root = root.toAbsolutePath().normalize();
    this.catalog = catalog;
    this.unpacker = new Unpacker(new Downloader(progress));
  }

  /** The standard catalog under the default root, reporting big downloads on stderr. */
  public static DataCache fromEnvironment() {
    String configured = System.getProperty(PROPERTY, System.getenv(ENV));
    Path root = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "sparktrain");
    return new DataCache(root, DataCatalog.standard(), System.err);
  }

  /** The same cache, reporting the progress of big downloads to {@code progress} (null: quiet). */
  public DataCache withProgress(PrintStream progress) {
    return new DataCache(root, catalog, progress);
  }

  public Path root() {
    return root;
  }

  public DataCatalog catalog() {
    return catalog;
  }

  /**
   * Where set {@code name} is (or would be) installed; fetches nothing.
   *
   * @throws DataException if the name is not in the catalog
   */
  public Path path(String name) {
    return root.resolve(catalog.get(name).name());
  }

  /**
   * Whether set {@code name} is installed. Only complete, verified trees are ever renamed into
   * place, so presence means complete.
   *
   * @throws DataException if the name is not in the catalog
   */
  public boolean isInstalled(String name) {
    return Files.isDirectory(path(name));
  }

  /**
   * The directory of set {@code name}, fetching it first if it is not installed.
   *
   * @throws DataException if the name is unknown or no mirror gives a copy with the pinned digest
   */
  public Path ensure(String name) {
    return fetch(name, false);
  }

  /**
   * Installs set {@code name}; with {@code force}, fetches it again even if installed and replaces
   * the old copy only once the new one is verified.
   *
   * @return {@code <root>/<name>}
   * @throws DataException if the name is unknown, the root cannot be written, or no mirror gives a
   *     copy with the pinned digest; the message lists every mirror tried and why it failed
   */
  public Path fetch(String name, boolean force) {
    DataSet set = catalog.get(name);
    Path target = root.resolve(set.name());
    if (!force && Files.isDirectory(target)) {
      return target;
    }
    createRoot();
    sweepAbandoned(set);
    List<String> tried = new ArrayList<>();
    boolean reached = false;
    for (Mirror mirror : set.mirrors()) {
      Path staging = createStaging(set);
      try {
        Path tree = staging.resolve("tree");
        unpacker.install(mirror, staging, tree);
        Verifier.check(set, tree);
        Publisher.publish(set, tree, target, force);
        return target;
      } catch (MirrorFailure failure) {
        reached |= failure.kind() != MirrorFailure.Kind.UNREACHABLE;
        tried.add(mirror.url() + ": " + failure.getMessage());
      } catch (InterruptedIOException e) {
        throw new DataException("fetching data set '" + name + "' was interrupted", e);
      } finally {
        deleteTree(staging);
      }
    }
    throw new DataException("could not fetch data set '" + name + "' (the cache is unchanged): "
        + (reached ? "no mirror gave an intact copy" : "no mirror reachable") + "; tried in order:\n  "
        + String.join("\n  ", tried));
  }

  /** Bytes on disk of an installed set, or -1 if it is not installed. */
  public long installedBytes(String name) {
    Path dir = path(name);
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    return TreeDigest.files(dir).stream().mapToLong(file -> size(dir.resolve(file))).sum();
  }

  private void createRoot() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new DataException("cannot create the data cache " + root + " (" + e + "); set "
          + ENV + " to a writable directory", e);
    }
  }

  /**
   * Removes temporary directories a killed fetch of this set left behind. Only old ones: a young
   * one may belong to a fetch another process is running right now.
   */
  private void sweepAbandoned(DataSet set) {
    Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(root, PARTIAL + set.name() + "-*")) {
      for (Path dir : stale) {
        if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
          deleteTree(dir);
        }
      }
    } catch (IOException e) {
      // Sweeping is housekeeping; the fetch itself does not depend on it.
    }
  }

  private Path createStaging(DataSet set) {
    try {
      return Files.createTempDirectory(root, PARTIAL + set.name() + "-");
    } catch (IOException e) {
      throw new DataException("cannot write to the data cache " + root + " (" + e + ")", e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a directory tree; best effort, since it runs while another failure propagates. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // Left for the next fetch of this set: a .partial- directory is never read as an install.
    }
  }

  /** The checks a fresh tree passes before it is published. */
  private static final class Verifier {

    static void check(DataSet set, Path tree) throws MirrorFailure {
      List<String> files = Files.isDirectory(tree) ? TreeDigest.files(tree) : List.of();
      List<String> unexpected = files.stream().filter(f -> !set.inLayout(f)).toList();
      List<String> missing = set.layout().stream()
          .filter(entry -> files.stream().noneMatch(f -> Globs.matches(entry, f))).toList();
      if (!unexpected.isEmpty() || !missing.isEmpty()) {
        throw MirrorFailure.corrupt("files do not match the layout of '" + set.name()
            + "' (missing " + missing + ", unexpected " + unexpected + ")", null);
      }
      String actual = TreeDigest.of(tree);
      if (!actual.equals(set.sha256())) {
        throw new MirrorFailure(MirrorFailure.Kind.CHECKSUM_MISMATCH, "checksum mismatch for data set '"
            + set.name() + "': expected sha256 " + set.sha256() + ", actual " + actual, null);
      }
    }
  }
}
