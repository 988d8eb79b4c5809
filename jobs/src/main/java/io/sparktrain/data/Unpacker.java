package io.sparktrain.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.data.Mirror.Extract;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Turns one mirror's download into the canonical files of a data set under a fresh directory.
 * Reads archives as streams, so a package is never unpacked whole: only the members an
 * {@link Extract} names are written. A truncated or malformed download is
 * {@link MirrorFailure.Kind#CORRUPT}.
 */
final class Unpacker {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Downloader downloader;

  Unpacker(Downloader downloader) {
    this.downloader = downloader;
  }

  /** Fetches from {@code mirror} into {@code work} and writes the installed files under {@code tree}. */
  void install(Mirror mirror, Path work, Path tree) throws MirrorFailure, InterruptedIOException {
    if (mirror.format() == Mirror.Format.FILES) {
      installFiles(mirror, work, tree);
      return;
    }
    Path archive = work.resolve("download");
    downloader.download(mirror.url(), archive);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
      InputStream tar = mirror.format() == Mirror.Format.DEB ? debData(in) : new GZIPInputStream(in);
      extractTar(mirror, new TarArchiveInputStream(tar), tree);
    } catch (IOException e) {
      throw MirrorFailure.corrupt(
          "archive is truncated or corrupt (" + MirrorFailure.describe(e) + ")", e);
    }
  }

  private void installFiles(Mirror mirror, Path work, Path tree)
      throws MirrorFailure, InterruptedIOException {
    int n = 0;
    for (Extract extract : mirror.extracts()) {
      Path file = work.resolve("download-" + n++);
      downloader.download(mirror.fileUrl(extract), file);
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        write(extract, in, tree);
      } catch (IOException e) {
        throw MirrorFailure.corrupt(mirror.fileUrl(extract) + " is truncated or corrupt ("
            + MirrorFailure.describe(e) + ")", e);
      }
    }
  }

  /** The data tarball inside a Debian package, decompressed. */
  private static InputStream debData(InputStream deb) throws IOException, MirrorFailure {
    ArArchiveInputStream ar = new ArArchiveInputStream(deb);
    for (ArchiveEntry entry; (entry = ar.getNextEntry()) != null; ) {
      String name = entry.getName();
      if (name.equals("data.tar.xz")) {
        return new XZInputStream(ar);
      } else if (name.equals("data.tar.gz")) {
        return new GZIPInputStream(ar);
      } else if (name.equals("data.tar")) {
        return ar;
      } else if (name.startsWith("data.tar")) {
        throw MirrorFailure.corrupt("unsupported Debian package compression: " + name, null);
      }
    }
    throw MirrorFailure.corrupt("not a Debian package: no data.tar member", null);
  }

  private static void extractTar(Mirror mirror, TarArchiveInputStream tar, Path tree)
      throws IOException, MirrorFailure {
    Set<Extract> used = new HashSet<>();
    for (TarArchiveEntry entry; (entry = tar.getNextTarEntry()) != null; ) {
      String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
      if (!entry.isFile() || !name.startsWith(mirror.root())) {
        continue;
      }
      String member = name.substring(mirror.root().length());
      for (Extract extract : mirror.extracts()) {
        if (extract.matches(member)) {
          write(extract.withMember(member), tar, tree);
          used.add(extract);
          break;
        }
      }
    }
    for (Extract extract : mirror.extracts()) {
      if (!used.contains(extract)) {
        throw MirrorFailure.corrupt("archive has no member " + mirror.root() + extract.from(), null);
      }
    }
  }

  /** Writes one member; {@code extract.to()} is already the member's installed path. */
  private static void write(Extract extract, InputStream in, Path tree)
      throws IOException, MirrorFailure {
    Path target = tree.resolve(extract.to()).normalize();
    if (!target.startsWith(tree) || target.equals(tree)) {
      throw MirrorFailure.corrupt("member path escapes the data set: " + extract.to(), null);
    }
    Files.createDirectories(target.getParent());
    InputStream member = new NoClose(in);
    switch (extract.transform()) {
      case COPY -> Files.copy(member, target);
      case GUNZIP -> {
        try (InputStream gunzipped = new GZIPInputStream(member)) {
          Files.copy(gunzipped, target);
        }
      }
      case JSON_TEXT -> Files.writeString(target, jsonText(member, extract.from()),
          StandardCharsets.UTF_8);
    }
  }

  private static String jsonText(InputStream in, String member) throws IOException, MirrorFailure {
    JsonNode text = JSON.readTree(in.readAllBytes()).get("text");
    if (text == null || !text.isTextual()) {
      throw MirrorFailure.corrupt(member + ": no string field 'text'", null);
    }
    return text.asText();
  }

  /** Leaves the archive stream open when a member's reader is done. */
  private static final class NoClose extends FilterInputStream {
    NoClose(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
