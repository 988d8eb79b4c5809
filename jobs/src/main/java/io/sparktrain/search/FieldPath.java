package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec field named by its path, as the search section writes it: keys joined by dots, list
 * elements by index ({@code optimizer.learningRate}, {@code model.layers[0].units}).
 *
 * @param text the path as written
 * @param segments its keys (strings) and list indices (integers), in order
 */
public record FieldPath(String text, List<Object> segments) {

  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern ELEMENT = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)((\\[\\d+])+)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  public FieldPath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses a path.
   *
   * @return empty when {@code text} is not a path (an empty key, a stray bracket)
   */
  public static Optional<FieldPath> parse(String text) {
    List<Object> segments = new ArrayList<>();
    for (String part : text.split("\\.", -1)) {
      Matcher element = ELEMENT.matcher(part);
      if (KEY.matcher(part).matches()) {
        segments.add(part);
      } else if (element.matches()) {
        segments.add(element.group(1));
        Matcher index = INDEX.matcher(element.group(2));
        while (index.find()) {
          segments.add(Integer.parseInt(index.group(1)));
        }
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(new FieldPath(text, segments));
  }

  /** The first key: the spec section the field is in. */
  public String section() {
    return (String) segments.get(0);
  }

  /**
   * Sets {@code value} at this path in a spec tree, creating the mappings on the way that the
   * spec left out (a section of defaults).
   *
   * @return false when the path runs through something that is not there to index: a list
   *     element past its end, a key into a list or a scalar
   */
  public boolean set(ObjectNode root, JsonNode value) {
    JsonNode node = root;
    for (int i = 0; i < segments.size(); i++) {
      Object segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (segment instanceof String key && node instanceof ObjectNode object) {
        if (last) {
          object.set(key, value.deepCopy());
          return true;
        }
        JsonNode child = object.get(key);
        if (child == null || child.isNull()) {
          child = segments.get(i + 1) instanceof String ? object.putObject(key) : null;
        }
        node = child;
      } else if (segment instanceof Integer index && node instanceof ArrayNode array
          && index < array.size()) {
        if (last) {
          array.set(index, value.deepCopy());
          return true;
        }
        node = array.get(index);
      } else {
        return false;
      }
    }
    return false;
  }

  /** Whether {@code problemPath} (a spec problem's dotted path) is this field or lies above it. */
  boolean coveredBy(String problemPath) {
    return text.equals(problemPath) || text.startsWith(problemPath + ".")
        || text.startsWith(problemPath + "[");
  }

  @Override
  public String toString() {
    return text;
  }
}
