package io.sparktrain.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFileReplacesItsTargetAndLeavesNothingElse() throws IOException {
    Path target = dir.resolve("a.txt");
    AtomicWrite.localFile(target, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
    AtomicWrite.localFile(target, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
    assertEquals("two", Files.readString(target));
    assertEquals(List.of("a.txt"), names());
  }

  @Test
  void aFailedFileWriteKeepsTheOldFileAndRemovesItsTemporary() throws IOException {
    Path target = dir.resolve("a.txt");
    Files.writeString(target, "old");
    assertThrows(IOException.class, () -> AtomicWrite.localFile(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("a.txt"), names());
  }

  @Test
  void aHadoopFileIsWrittenWholeWithoutChecksumFiles() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path target = fs.makeQualified(
        new org.apache.hadoop.fs.Path(dir.resolve("b.bin").toString()));
    AtomicWrite.file(fs, target, out -> out.write(new byte[] {1, 2, 3}));
    assertEquals(3, Files.size(dir.resolve("b.bin")));
    assertEquals(List.of("b.bin"), names());
  }

  @Test
  void aDirectoryReplacesTheOldOneOnlyWhenComplete() throws IOException {
    Path target = dir.resolve("out");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    assertThrows(UncheckedIOException.class, () -> AtomicWrite.directory(target.toString(),
        new Configuration(), temporary -> {
          throw new UncheckedIOException(new IOException("the job failed"));
        }));
    assertEquals(List.of("out"), names());
    assertEquals("old", Files.readString(target.resolve("old.txt")));

    AtomicWrite.directory(target.toString(), new Configuration(), temporary -> {
      try {
        Path local = Path.of(java.net.URI.create(temporary));
        Files.createDirectories(local);
        Files.writeString(local.resolve("new.txt"), "new");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertEquals(List.of("out"), names());
    try (Stream<Path> files = Files.list(target)) {
      assertEquals(List.of("new.txt"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void anUnreachableFileSystemIsAnOutputError() {
    assertThrows(OutputException.class, () -> AtomicWrite.directory("nosuchscheme://x/y",
        new Configuration(), temporary -> {}));
  }

  @Test
  void aLocalDirectorySwapLeavesTheOldInstallAside() throws IOException {
    Path target = Files.createDirectories(dir.resolve("set"));
    Files.writeString(target.resolve("v"), "1");
    Path tree = Files.createDirectories(dir.resolve("staging").resolve("tree"));
    Files.writeString(tree.resolve("v"), "2");
    Path aside = dir.resolve("staging").resolve("previous");
    AtomicWrite.replaceLocalDirectory(tree, target, aside);
    assertEquals("2", Files.readString(target.resolve("v")));
    assertEquals("1", Files.readString(aside.resolve("v")));
  }
}
