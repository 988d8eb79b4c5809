package io.sparktrain.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run's directory, {@code <runs dir>/<job name>/<run id>/}, on any Hadoop file system (local,
 * HDFS, S3). Every file is written through {@link AtomicWrite}, so a reader (or a crash) never
 * sees half a file.
 */
public final class RunDirectory {

  /** Files every run directory holds: the resolved spec, the run record, the model. */
  public static final String SPEC = "spec.yaml";
  public static final String RUN = "run.json";
  public static final String MODEL = "model.zip";

  /** Reads NaN back as Jackson writes it (a non-finite test loss, say). */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final FileSystem fs;
  private final Path root;
  private final String runId;

  private RunDirectory(FileSystem fs, Path root, String runId) {
    this.fs = fs;
    this.root = root;
    this.runId = runId;
  }

  /**
   * Creates a new, empty run directory.
   *
   * @throws OutputException if the directory cannot be created
   */
  public static RunDirectory create(String runsDir, String jobName, Configuration hadoop) {
    String runId = LocalDateTime.now().format(RUN_ID) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    Path root = new Path(new Path(runsDir, jobName), runId);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.mkdirs(root)) {
        throw new OutputException("cannot create run directory " + root);
      }
      return new RunDirectory(fs, fs.makeQualified(root), runId);
    } catch (IOException e) {
      throw new OutputException("cannot create run directory " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing run directory, to resume it.
   *
   * @throws OutputException if it does not exist or cannot be reached
   */
  public static RunDirectory open(String runsDir, String jobName, String runId,
      Configuration hadoop) {
    Path root = new Path(new Path(runsDir, jobName), runId);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.isDirectory(root)) {
        throw new OutputException("no run directory " + root);
      }
      return new RunDirectory(fs, fs.makeQualified(root), runId);
    } catch (IOException e) {
      throw new OutputException("cannot open run directory " + root + ": " + e.getMessage(), e);
    }
  }

  /** The run ids under {@code <runsDir>/<jobName>/}, oldest first (ids sort by start time). */
  public static List<String> runIds(String runsDir, String jobName, Configuration hadoop) {
    Path job = new Path(runsDir, jobName);
    try {
      FileSystem fs = job.getFileSystem(hadoop);
      if (!fs.isDirectory(job)) {
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      for (FileStatus status : fs.listStatus(job)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && !name.startsWith(".")) {
          ids.add(name);
        }
      }
      Collections.sort(ids);
      return ids;
    } catch (IOException e) {
      throw new OutputException("cannot list " + job + ": " + e.getMessage(), e);
    }
  }

  /**
   * A directory inside this one (a pipeline stage's), created if absent.
   *
   * @throws OutputException if it cannot be created
   */
  public RunDirectory subdirectory(String name) {
    Path child = new Path(root, name);
    try {
      if (!fs.mkdirs(child)) {
        throw new OutputException("cannot create directory " + child);
      }
      return new RunDirectory(fs, child, runId + "/" + name);
    } catch (IOException e) {
      throw new OutputException("cannot create directory " + child + ": " + e.getMessage(), e);
    }
  }

  /** Whether this directory has a subdirectory {@code name}. */
  public boolean hasSubdirectory(String name) {
    try {
      return fs.isDirectory(new Path(root, name));
    } catch (IOException e) {
      throw new OutputException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /** Copies every file of {@code other} (a finished stage of an earlier run) into this one. */
  public void copyFilesFrom(RunDirectory other) {
    try {
      for (FileStatus status : other.fs.listStatus(other.root)) {
        if (status.isFile() && !status.getPath().getName().startsWith(".")) {
          org.apache.hadoop.fs.FileUtil.copy(other.fs, status.getPath(), fs,
              new Path(root, status.getPath().getName()), false, true, fs.getConf());
        }
      }
    } catch (IOException e) {
      throw new OutputException("cannot copy " + other.root + " to " + root + ": "
          + e.getMessage(), e);
    }
  }

  /** A file of this directory as a path Hadoop's file systems resolve. */
  public Path file(String name) {
    return new Path(root, name);
  }

  /**
   * The run record {@code name} ({@link #RUN}, say), or empty when it is absent or unreadable (an
   * unreadable status is treated as unfinished, so the work is done again).
   */
  public Optional<RunRecord> readRecord(String name) {
    Optional<String> text = readText(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(text.get(), RunRecord.class));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Writes a value (a {@link RunRecord}, a table) as pretty-printed JSON, atomically. */
  public void writeJson(String name, Object content) {
    try {
      writeText(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content));
    } catch (JsonProcessingException e) {
      throw new OutputException("cannot encode " + name + ": " + e.getMessage(), e);
    }
  }

  /** A file's text, or empty when the run has no such file. */
  public Optional<String> readText(String name) {
    Path file = new Path(root, name);
    try {
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new OutputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Copies a file of the run to a local file (a model for DL4J to read); false if absent. */
  public boolean copyOut(String name, java.nio.file.Path local) {
    Path file = new Path(root, name);
    try {
      if (!fs.exists(file)) {
        return false;
      }
      try (InputStream in = fs.open(file)) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } catch (IOException e) {
      throw new OutputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public String runId() {
    return runId;
  }

  /** The directory's fully qualified URI, e.g. {@code file:/home/me/runs/mnist-mlp/2026...}. */
  public String uri() {
    return root.toString();
  }

  /** A local path for display where the run is on the local file system, else the URI. */
  public String displayPath() {
    return "file".equals(root.toUri().getScheme()) ? root.toUri().getPath() : uri();
  }

  /** Writes a UTF-8 text file atomically, replacing an older version. */
  public void writeText(String name, String content) {
    writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file atomically, replacing an older version. */
  public void writeBytes(String name, byte[] content) {
    Path target = new Path(root, name);
    try {
      AtomicWrite.file(fs, target, out -> out.write(content));
    } catch (IOException e) {
      throw new OutputException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Copies a local file in atomically (a model written by DL4J to a local temporary file). */
  public void copyIn(java.nio.file.Path local, String name) {
    try {
      writeBytes(name, Files.readAllBytes(local));
    } catch (IOException e) {
      throw new OutputException("cannot read " + local + ": " + e.getMessage(), e);
    }
  }
}
