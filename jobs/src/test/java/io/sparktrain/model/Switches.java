package io.sparktrain.model;

import java.util.function.Supplier;

/** Runs test code under one of the layers' system-property switches, restoring it afterwards. */
final class Switches {

  private Switches() {}

  /** {@code code}'s result with {@code property} set to {@code value}. */
  static <T> T with(String property, String value, Supplier<T> code) {
    String previous = System.setProperty(property, value);
    try {
      return code.get();
    } finally {
      if (previous == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, previous);
      }
    }
  }

  /** Runs {@code code} with {@code property} set to {@code value}. */
  static void with(String property, String value, Runnable code) {
    with(property, value, () -> {
      code.run();
      return null;
    });
  }
}
