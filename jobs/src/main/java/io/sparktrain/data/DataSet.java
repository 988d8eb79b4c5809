package io.sparktrain.data;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered data set: what it is, which files an install holds, their digest and where to get
 * them.
 *
 * @param name the cache directory name and the name a spec or {@code sparktrain data} uses
 * @param description one line for {@code sparktrain data list}
 * @param layout the installed files relative to the set's directory, '/'-separated; an entry may be
 *     a glob ({@code *.txt}) for corpora of many files. Every file installed must match an entry and
 *     every entry must match a file.
 * @param sha256 the {@link TreeDigest} of the installed tree, lower-case hex; the same whichever
 *     mirror served it
 * @param mirrors where to fetch it, tried in order; the upstream home first
 * @throws IllegalArgumentException if a field is missing or malformed
 */
public record DataSet(
    String name, String description, List<String> layout, String sha256, List<Mirror> mirrors) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public DataSet {
    Objects.requireNonNull(description, "description");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("data set name must be lower-case [a-z0-9-]: " + name);
    }
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits");
    }
    if (layout == null || layout.isEmpty() || mirrors == null || mirrors.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs a layout and at least one mirror");
    }
    layout = List.copyOf(layout);
    mirrors = List.copyOf(mirrors);
  }

  /** Whether an installed relative path is one the layout allows. */
  boolean inLayout(String path) {
    return layout.stream().anyMatch(entry -> Globs.matches(entry, path));
  }
}
