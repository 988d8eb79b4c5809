package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktrain.spec.SpecNode;
import java.util.List;

/** Reads one random field's distribution: {@code {uniform: [a, b]}}, {@code {logUniform: [a, b]}}
 * or {@code {choice: [v1, v2, ...]}}. */
final class DistributionReader {

  private DistributionReader() {}

  /** The distribution, or null with its problems recorded at {@code node}. */
  static Distribution read(SpecNode node) {
    if (!node.isMapping("missing distribution")) {
      return null;
    }
    List<String> keys = node.keys();
    if (keys.size() != 1 || !Distribution.NAMES.contains(keys.get(0))) {
      node.problem("expected exactly one of " + String.join(", ", Distribution.NAMES)
          + ", found " + node.found());
      return null;
    }
    String name = keys.get(0);
    SpecNode args = node.get(name);
    if (!args.isList()) {
      args.problem("expected a list, found " + args.found());
      return null;
    }
    List<JsonNode> values = args.elements().stream().map(SpecNode::json).toList();
    if (name.equals("choice")) {
      if (values.isEmpty()) {
        args.problem("empty choice: needs at least one value");
        return null;
      }
      return new Distribution.Choice(values);
    }
    return range(args, name, values);
  }

  private static Distribution range(SpecNode args, String name, List<JsonNode> values) {
    if (values.size() != 2 || !values.stream().allMatch(v -> v != null && v.isNumber())) {
      args.problem("expected [low, high], two numbers, found " + args.found());
      return null;
    }
    double low = values.get(0).doubleValue();
    double high = values.get(1).doubleValue();
    boolean integer = values.stream().allMatch(JsonNode::isIntegralNumber);
    if (!(low <= high)) {
      args.problem("empty range: low " + values.get(0) + " is above high " + values.get(1));
      return null;
    }
    if (name.equals("logUniform")) {
      if (!(low > 0)) {
        args.problem("logUniform needs low > 0, found " + values.get(0));
        return null;
      }
      return new Distribution.LogUniform(low, high, integer);
    }
    return new Distribution.Uniform(low, high, integer);
  }
}
