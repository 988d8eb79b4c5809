package io.sparktrain.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How enum constants are spelled in YAML: lowercase, {@code -} for {@code _}. */
public final class YamlNames {

  private YamlNames() {}

  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> List<String> all(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(YamlNames::of).toList();
  }
}
