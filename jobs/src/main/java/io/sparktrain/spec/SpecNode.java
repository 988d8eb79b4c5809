package io.sparktrain.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * One node of a parsed YAML document together with its dotted path, so that every value read
 * through it can report a problem at the right place. Readers never stop at a problem: each
 * accessor records it in the shared {@link Problems} and returns the default, so one pass finds
 * them all. A missing key and an explicit YAML null both read as absent.
 */
public final class SpecNode {

  private static final java.util.regex.Pattern PLAIN_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

  private final JsonNode node;
  private final String path;
  private final Problems problems;

  private SpecNode(JsonNode node, String path, Problems problems) {
    this.node = node == null || node.isNull() || node.isMissingNode() ? null : node;
    this.path = path;
    this.problems = problems;
  }

  public static SpecNode root(JsonNode tree, Problems problems) {
    return new SpecNode(tree, "", problems);
  }

  public String path() {
    return path;
  }

  /** The YAML value itself (a searched field's values, copied into trial specs); null if absent. */
  public JsonNode json() {
    return node;
  }

  public boolean isPresent() {
    return node != null;
  }

  public boolean has(String key) {
    return get(key).isPresent();
  }

  /** The value under {@code key} (absent when this node is absent or no mapping). */
  public SpecNode get(String key) {
    JsonNode child = node != null && node.isObject() ? node.get(key) : null;
    String segment = segment(key);
    return new SpecNode(child, path.isEmpty() ? segment : path + "." + segment, problems);
  }

  /**
   * A key as it appears in a path: plain keys as they are, any other (a user's typo holding a
   * colon, a space or a dot) quoted, so the path stays readable and names one place.
   */
  static String segment(String key) {
    return PLAIN_KEY.matcher(key).matches() ? key
        : '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  public void problem(String message) {
    problems.add(path, message);
  }

  /** Records a problem and returns false unless this node is present and a mapping. */
  public boolean isMapping(String missingMessage) {
    if (node == null) {
      if (missingMessage != null) {
        problem(missingMessage);
      }
      return false;
    }
    if (!node.isObject()) {
      problem("expected a mapping, found " + found());
      return false;
    }
    return true;
  }

  public boolean isList() {
    return node != null && node.isArray();
  }

  /** The elements of a list; an absent node has none, a non-list records a problem. */
  public List<SpecNode> elements() {
    List<SpecNode> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!node.isArray()) {
      problem("expected a list, found " + found());
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new SpecNode(node.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  /** The keys of this mapping, in document order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    if (node != null && node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
    }
    return keys;
  }

  /** Records every key of this mapping that is not in {@code allowed}. */
  public void checkKeys(Collection<String> allowed) {
    for (String key : keys()) {
      if (!allowed.contains(key)) {
        get(key).problem("unknown key (expected one of: " + String.join(", ", allowed) + ")");
      }
    }
  }

  /** Records a problem at {@code key} when it is given. */
  public void reject(String key, String rule) {
    if (has(key)) {
      get(key).problem(rule);
    }
  }

  /** Records {@code missing required key} when absent; returns whether present. */
  public boolean require() {
    if (node == null) {
      problem("missing required key");
    }
    return node != null;
  }

  public String text(String fallback) {
    if (node == null) {
      return fallback;
    }
    if (!node.isTextual()) {
      problem("expected a string, found " + found());
      return fallback;
    }
    return node.textValue();
  }

  /** A string or a number as text (a layer given by name or index); records non-scalars. */
  public String scalar(String fallback) {
    if (node == null) {
      return fallback;
    }
    if (!node.isTextual() && !node.isIntegralNumber()) {
      problem("expected a name or an integer, found " + found());
      return fallback;
    }
    return node.asText();
  }

  public boolean bool(boolean fallback) {
    if (node == null) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problem("expected true or false, found " + found());
      return fallback;
    }
    return node.booleanValue();
  }

  public int integer(int fallback, Range range) {
    if (node == null) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problem("expected an integer, found " + found());
      return fallback;
    }
    return (int) checked(node.intValue(), range);
  }

  public long longInteger(long fallback) {
    if (node == null) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      problem("expected an integer, found " + found());
      return fallback;
    }
    return node.longValue();
  }

  public double number(double fallback, Range range) {
    if (node == null) {
      return fallback;
    }
    if (!node.isNumber()) {
      problem("expected a number, found " + found());
      return fallback;
    }
    return checked(node.doubleValue(), range);
  }

  /** An enum constant spelled as {@link YamlNames} writes it. */
  public <E extends Enum<E>> E enumValue(Class<E> type, E fallback) {
    String name = text(null);
    if (name == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (YamlNames.of(constant).equals(name)) {
        return constant;
      }
    }
    problem(unknownValue(YamlNames.all(type)));
    return fallback;
  }

  /** {@code unknown value 'x' (expected one of: a, b)} for the value found here. */
  public String unknownValue(List<String> expected) {
    return "unknown value " + found() + " (expected one of: " + String.join(", ", expected) + ")";
  }

  /** The value found here as a problem line quotes it: strings in single quotes. */
  public String found() {
    if (node == null) {
      return "nothing";
    }
    return node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
  }

  private double checked(double value, Range range) {
    if (!range.contains(value)) {
      problem(range.rule() + ", found " + found());
    }
    return value;
  }

  /** How many problems the whole document has shown so far, anywhere. */
  public int problemCount() {
    return problems.count();
  }

  /**
   * Records the problems a record found in its compact constructor, whose paths are relative to
   * this node ({@code keep: missing required key} of a stage at {@code stages[1]}).
   */
  public void problems(SpecException e) {
    for (String line : e.problems()) {
      problems.addLine(path.isEmpty() ? line : path + "." + line);
    }
  }
}
