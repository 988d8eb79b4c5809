package io.sparktrain.runs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Where a run came from: the build of sparktrain that ran it. */
public final class CodeVersion {

  private CodeVersion() {}

  /** The project version this build was made from, or "unknown" outside a Maven build. */
  public static String current() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/sparktrain-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
