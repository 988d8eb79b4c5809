package io.sparktrain.exchange;

import java.util.Arrays;

/** Searching recorded traffic for bytes that must, or must not, have crossed it. */
final class WireBytes {

  private WireBytes() {}

  /** Where {@code needle} first occurs in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
