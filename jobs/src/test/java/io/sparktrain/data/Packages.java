package io.sparktrain.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small packages in memory, shaped like the real ones: npm tarballs, Debian packages. */
final class Packages {

  private Packages() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A tar of the given members (path to bytes), in iteration order. */
  static byte[] tar(Map<String, byte[]> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
        entry.setSize(member.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(member.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] tgz(Map<String, byte[]> members) {
    return gzip(tar(members));
  }

  /** A Debian binary package whose data.tar.xz holds the members (paths like ./usr/share/x). */
  static byte[] deb(Map<String, byte[]> members) {
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      out.write(tar(members));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream deb = new ByteArrayOutputStream();
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(deb)) {
      arEntry(ar, "debian-binary", utf8("2.0\n"));
      arEntry(ar, "control.tar.xz", new byte[0]);
      arEntry(ar, "data.tar.xz", xz.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deb.toByteArray();
  }

  /** The first {@code fraction} of the bytes, as a download cut off mid-way would leave them. */
  static byte[] truncated(byte[] data, double fraction) {
    return Arrays.copyOf(data, (int) (data.length * fraction));
  }

  private static void arEntry(ArArchiveOutputStream ar, String name, byte[] data)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, data.length));
    ar.write(data);
    ar.closeArchiveEntry();
  }
}
