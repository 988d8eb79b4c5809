package io.sparktrain.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparktrain.spec.JobSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial of a search: the base job with the searched fields set.
 *
 * @param name the trial's job name ({@code trial-07}), which names its run's directory
 * @param values each searched field's value, by path, in the order the search section wrote them
 * @param spec the trial's job, validated
 */
public record Trial(String name, Map<String, JsonNode> values, JobSpec spec) {

  public Trial {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** {@code optimizer.type=adam, training.batchSize=64}: how the console and errors name it. */
  public String describe() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + text(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** A value as a table shows it: strings without quotes, 0.0003 rather than 3.0E-4. */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())) {
      String plain = java.math.BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros()
          .toPlainString();
      return plain.length() <= 10 ? plain : value.toString();
    }
    return value.toString();
  }
}
