package io.sparktrain.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS, one NameNode and one DataNode in the test's JVM (Hadoop's own MiniDFSCluster, the
 * Hadoop that Spark ships), reached by the launcher's JVMs over RPC like any other cluster.
 */
final class MiniHdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;
  private final FileSystem fs;

  private MiniHdfs(MiniDFSCluster cluster) throws IOException {
    this.cluster = cluster;
    this.fs = cluster.getFileSystem();
  }

  /** Starts a cluster whose name and data directories live under {@code base}. */
  static MiniHdfs start(Path base) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    return new MiniHdfs(cluster);
  }

  FileSystem fs() {
    return fs;
  }

  /** A client configuration for this cluster. */
  Configuration conf() {
    return new Configuration(fs.getConf());
  }

  /** {@code hdfs://host:port/path}. */
  String uri(String path) {
    return fs.getUri() + path;
  }

  org.apache.hadoop.fs.Path path(String path) {
    return new org.apache.hadoop.fs.Path(uri(path));
  }

  /** The one run directory under {@code jobDir}; fails if there is not exactly one. */
  org.apache.hadoop.fs.Path onlyRun(String jobDir) throws IOException {
    List<org.apache.hadoop.fs.Path> runs = new ArrayList<>();
    for (FileStatus status : fs.listStatus(path(jobDir))) {
      if (status.isDirectory()) {
        runs.add(status.getPath());
      }
    }
    if (runs.size() != 1) {
      throw new AssertionError("runs under " + jobDir + ": " + runs);
    }
    return runs.get(0);
  }

  /** The names in a directory, hidden ones (temporaries, the lock) included, sorted. */
  List<String> names(org.apache.hadoop.fs.Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir)) {
      names.add(status.getPath().getName());
    }
    names.sort(null);
    return names;
  }

  byte[] read(org.apache.hadoop.fs.Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  /** A zip's entries by name: its content without the timestamps a zip file also holds. */
  static Map<String, byte[]> entries(InputStream zip) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(zip)) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
