package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** SHA-256 of a data set's source files (streamed, any Hadoop file system) and its settings. */
final class Fingerprint {

  private Fingerprint() {}

  static String of(Configuration hadoop, List<String> files, String settings) {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    for (String file : files) {
      Path path = new Path(file);
      try (InputStream in = path.getFileSystem(hadoop).open(path)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new DataException(file + ": cannot be read (" + e.getMessage() + ")", e);
      }
    }
    digest.update(settings.getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
