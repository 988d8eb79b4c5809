package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mutations of a shipped spec, the kinds a user (or a broken generator) produces: wrong types,
 * out-of-range and huge numbers, unknown keys, missing sections, deep nesting, unicode, and, on
 * the text, duplicate keys, YAML anchors and alias bombs, truncation and stray bytes. Seeded:
 * the same (spec, seed) gives the same text, so a failure can be replayed from its report.
 */
final class SpecMutator {

  /** The kinds of mutation; one or more are applied in turn. */
  enum Kind {
    WRONG_TYPE, EXTREME_NUMBER, UNKNOWN_KEY, REMOVE_KEY, DEEP_NESTING, UNICODE, DUPLICATE_KEY,
    ANCHORS, ALIAS_BOMB, TRUNCATE, STRAY_BYTES
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] NUMBERS = {
    "0", "-1", "-0.0", "1e308", "-1e308", "1e-320", "9223372036854775808",
    "99999999999999999999999999999999", ".nan", ".inf", "-.inf", "0x7fffffff", "1_000", "2147483648"
  };

  private final Random random;

  SpecMutator(long seed) {
    this.random = new Random(seed);
  }

  /** {@code text} with {@code count} mutations applied, of kinds drawn at random. */
  String mutate(String text, int count) {
    String current = text;
    for (int i = 0; i < count; i++) {
      current = apply(Kind.values()[random.nextInt(Kind.values().length)], current);
    }
    return current;
  }

  String apply(Kind kind, String text) {
    return switch (kind) {
      case WRONG_TYPE -> onTree(text, this::wrongType);
      case EXTREME_NUMBER -> onTree(text, this::extremeNumber);
      case UNKNOWN_KEY -> onTree(text, this::unknownKey);
      case REMOVE_KEY -> onTree(text, this::removeKey);
      case DEEP_NESTING -> onTree(text, this::deepNesting);
      case UNICODE -> onTree(text, this::unicode);
      case DUPLICATE_KEY -> duplicateLine(text);
      case ANCHORS -> anchors(text);
      case ALIAS_BOMB -> aliasBomb(text);
      case TRUNCATE -> text.substring(0, random.nextInt(text.length() + 1));
      case STRAY_BYTES -> strayBytes(text);
    };
  }

  /** Mutates the first document's tree; text that is no longer YAML is mutated as text. */
  private String onTree(String text, java.util.function.Consumer<ObjectNode> change) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (Exception notYaml) {
      return strayBytes(text);
    }
    if (!(root instanceof ObjectNode object)) {
      return strayBytes(text);
    }
    change.accept(object);
    try {
      return YAML.writeValueAsString(object);
    } catch (Exception e) {
      throw new IllegalStateException("Jackson cannot write a tree it read", e);
    }
  }

  private void wrongType(ObjectNode root) {
    Slot slot = pickSlot(root);
    slot.set(switch (random.nextInt(6)) {
      case 0 -> NODES.textNode("not-a-" + slot.name());
      case 1 -> NODES.numberNode(random.nextInt(2000) - 1000);
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.arrayNode().add(1).add("two");
      case 4 -> NODES.objectNode().put("unexpected", 1);
      default -> NODES.nullNode();
    });
  }

  private void extremeNumber(ObjectNode root) {
    String number = NUMBERS[random.nextInt(NUMBERS.length)];
    JsonNode value;
    try {
      value = YAML.readTree(number);
    } catch (Exception e) {
      value = NODES.textNode(number);
    }
    pickSlot(root).set(value);
  }

  private void unknownKey(ObjectNode root) {
    ObjectNode target = pickObject(root);
    target.put(random.nextBoolean() ? "learningrate" : "unknownKey" + random.nextInt(100),
        random.nextInt(10));
  }

  private void removeKey(ObjectNode root) {
    ObjectNode target = pickObject(root);
    List<String> names = new ArrayList<>();
    target.fieldNames().forEachRemaining(names::add);
    if (!names.isEmpty()) {
      target.remove(names.get(random.nextInt(names.size())));
    }
  }

  private void deepNesting(ObjectNode root) {
    JsonNode value = NODES.numberNode(1);
    int depth = 50 + random.nextInt(950);
    for (int i = 0; i < depth; i++) {
      value = random.nextBoolean() ? NODES.arrayNode().add(value)
          : NODES.objectNode().set("k", value);
    }
    pickSlot(root).set(value);
  }

  private void unicode(ObjectNode root) {
    StringBuilder text = new StringBuilder();
    int length = 1 + random.nextInt(40);
    for (int i = 0; i < length; i++) {
      int codePoint = switch (random.nextInt(5)) {
        case 0 -> 0x1F600 + random.nextInt(80);        // emoji, outside the BMP
        case 1 -> 0x0590 + random.nextInt(0x100);      // right-to-left scripts
        case 2 -> 0x0300 + random.nextInt(0x70);       // combining marks
        case 3 -> random.nextInt(0x20);                // control characters, NUL included
        default -> 0x4E00 + random.nextInt(0x5000);    // CJK
      };
      text.appendCodePoint(codePoint);
    }
    if (random.nextBoolean()) {
      pickSlot(root).set(NODES.textNode(text.toString()));
    } else {
      pickObject(root).put(text.toString(), 1);
    }
  }

  /** Repeats a "key: value" line right below itself, at the same indentation. */
  private String duplicateLine(String text) {
    String[] lines = text.split("\n", -1);
    List<Integer> keyed = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches("\\s*[A-Za-z][A-Za-z0-9]*:.*")) {
        keyed.add(i);
      }
    }
    if (keyed.isEmpty()) {
      return text + "\nname: twice\nname: twice\n";
    }
    int at = keyed.get(random.nextInt(keyed.size()));
    List<String> out = new ArrayList<>(List.of(lines));
    out.add(at + 1, lines[at]);
    return String.join("\n", out);
  }

  /** Anchors a top-level section and refers to it from another key. */
  private String anchors(String text) {
    return text.replaceFirst("(?m)^(data|model|optimizer|training|corpus|word2vec|output):",
        "$1: &shared") + "\nreused: *shared\n";
  }

  /** The "billion laughs": each level refers to the one before ten times. */
  private String aliasBomb(String text) {
    StringBuilder bomb = new StringBuilder("lol0: &l0 [\"lol\"]\n");
    int levels = 5 + random.nextInt(5);
    for (int level = 1; level <= levels; level++) {
      bomb.append("lol").append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      bomb.append("]\n");
    }
    return random.nextBoolean() ? bomb + text : text + "\n" + bomb;
  }

  private String strayBytes(String text) {
    StringBuilder out = new StringBuilder(text);
    int count = 1 + random.nextInt(5);
    String[] strays = {"\t", ":", "- ", "{", "]", "\"", "'", "&", "*", "!!binary ", "%YAML 9.9\n",
      "\u0000", "\uFEFF", "\n  ", "---\n", "? "};
    for (int i = 0; i < count; i++) {
      out.insert(random.nextInt(out.length() + 1), strays[random.nextInt(strays.length)]);
    }
    return out.toString();
  }

  /** A place in the tree that holds a value: a field of some object or an element of a list. */
  private record Slot(JsonNode parent, String name, int index) {
    void set(JsonNode value) {
      if (parent instanceof ObjectNode object) {
        object.set(name, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }
  }

  private Slot pickSlot(ObjectNode root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, slots);
    return slots.isEmpty() ? new Slot(root, "name", -1) : slots.get(random.nextInt(slots.size()));
  }

  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        slots.add(new Slot(object, field.getKey(), -1));
        collect(field.getValue(), slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(array, "element", i));
        collect(array.get(i), slots);
      }
    }
  }

  private ObjectNode pickObject(ObjectNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(root, objects);
    return objects.get(random.nextInt(objects.size()));
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
    if (node instanceof ObjectNode object) {
      objects.add(object);
    }
    node.elements().forEachRemaining(child -> collectObjects(child, objects));
  }
}
