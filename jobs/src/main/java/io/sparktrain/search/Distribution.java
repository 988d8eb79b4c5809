package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Random;

/**
 * Where a random trial draws one field's value from. Bounds that are both integers draw integers
 * (a batch size); otherwise real numbers.
 */
public sealed interface Distribution {

  /** The names a search section spells them by. */
  List<String> NAMES = List.of("uniform", "logUniform", "choice");

  /** One value; draws exactly one number from {@code random}, so draws stay aligned. */
  JsonNode sample(Random random);

  /**
   * Uniform on {@code [low, high]}.
   *
   * @param integer whether to draw integers (both bounds were written as integers)
   */
  record Uniform(double low, double high, boolean integer) implements Distribution {
    @Override
    public JsonNode sample(Random random) {
      return number(low + random.nextDouble() * (high - low), integer, low, high);
    }
  }

  /**
   * Log-uniform on {@code [low, high]}, {@code 0 < low}: every factor of ten as likely as the
   * next, for rates and sizes whose effect goes by ratio.
   */
  record LogUniform(double low, double high, boolean integer) implements Distribution {
    @Override
    public JsonNode sample(Random random) {
      double log = Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low));
      return number(Math.exp(log), integer, low, high);
    }
  }

  /** One of the listed values, each as likely. */
  record Choice(List<JsonNode> values) implements Distribution {
    public Choice {
      values = List.copyOf(values);
    }

    @Override
    public JsonNode sample(Random random) {
      return values.get((int) Math.floor(random.nextDouble() * values.size())).deepCopy();
    }
  }

  private static JsonNode number(double value, boolean integer, double low, double high) {
    if (integer) {
      return JsonNodeFactory.instance.numberNode(
          Math.max((long) low, Math.min((long) high, Math.round(value))));
    }
    // Four significant digits: the spec, the table and the chart stay readable.
    double rounded = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", value));
    return JsonNodeFactory.instance.numberNode(Math.max(low, Math.min(high, rounded)));
  }
}
