package io.sparktrain.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 of a directory tree, independent of where its files came from: the digest of the
 * lines {@code <sha256 of file>  <relative path>\n}, one per regular file, sorted by path ('/'
 * separators). It equals the shell's
 * {@code find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum}
 * run inside the directory. Timestamps and permissions do not count.
 */
public final class TreeDigest {

  private TreeDigest() {}

  /**
   * The digest of the tree under {@code dir}, lower-case hex.
   *
   * @throws UncheckedIOException if the tree cannot be read
   */
  public static String of(Path dir) {
    MessageDigest tree = sha256();
    for (String file : files(dir)) {
      String line = ofFile(dir.resolve(file)) + "  " + file + "\n";
      tree.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(tree.digest());
  }

  /**
   * The regular files under {@code dir} as sorted '/'-separated relative paths.
   *
   * @throws UncheckedIOException if the tree cannot be listed
   */
  public static List<String> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The SHA-256 of one file, lower-case hex. */
  static String ofFile(Path file) {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
