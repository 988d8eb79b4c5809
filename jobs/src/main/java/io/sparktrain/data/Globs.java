package io.sparktrain.data;

import java.util.regex.Pattern;

/** Glob patterns over '/'-separated relative paths: {@code *} and {@code ?} never cross a '/'. */
final class Globs {

  private Globs() {}

  static boolean isPattern(String glob) {
    return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0;
  }

  static boolean matches(String glob, String path) {
    return toRegex(glob).matcher(path).matches();
  }

  private static Pattern toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? "[^/]*" : "[^/]");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString());
  }
}
