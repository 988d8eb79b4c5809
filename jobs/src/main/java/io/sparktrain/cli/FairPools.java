package io.sparktrain.cli;

import io.sparktrain.spec.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Spark settings for a search: the FAIR scheduler with one pool per trial, declared in an
 * allocation file so that Spark does not warn about each pool it has to create on the fly. Equal
 * weights: trials running side by side share the task slots evenly.
 */
final class FairPools {

  private FairPools() {}

  static Map<String, String> settings(List<String> pools) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<allocations>\n");
    for (String pool : pools) {
      xml.append("  <pool name=\"").append(pool).append("\"><schedulingMode>FIFO</schedulingMode>"
          + "<weight>1</weight><minShare>0</minShare></pool>\n");
    }
    xml.append("</allocations>\n");
    try {
      Path file = Files.createTempFile("sparktrain-pools-", ".xml");
      file.toFile().deleteOnExit();
      Files.writeString(file, xml);
      return Map.of("spark.scheduler.mode", "FAIR",
          "spark.scheduler.allocation.file", file.toUri().toString());
    } catch (IOException e) {
      throw new OutputException("cannot write the scheduler pools file: " + e.getMessage(), e);
    }
  }
}
