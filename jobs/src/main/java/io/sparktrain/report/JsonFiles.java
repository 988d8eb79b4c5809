package io.sparktrain.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.runs.RunDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's JSON files as plain maps, for pages that show whatever a file holds (provenance as key
 * and value rows); code that acts on a run's state reads the typed RunRecord instead.
 */
final class JsonFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFiles() {}

  /** The file's top-level object, or an empty map when it is missing or not a JSON object. */
  static Map<String, Object> read(RunDirectory run, String name) {
    return run.readText(name).map(JsonFiles::parse).orElse(Map.of());
  }

  private static Map<String, Object> parse(String text) {
    try {
      return new LinkedHashMap<>(JSON.readValue(text, new TypeReference<Map<String, Object>>() {}));
    } catch (IOException e) {
      return Map.of();
    }
  }
}
