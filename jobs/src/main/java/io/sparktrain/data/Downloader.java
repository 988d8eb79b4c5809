package io.sparktrain.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Copies one URL (http, https or file) to a local file. Connection problems and HTTP errors are
 * {@link MirrorFailure.Kind#UNREACHABLE}; a body shorter than its Content-Length is
 * {@link MirrorFailure.Kind#CORRUPT}.
 */
final class Downloader {

  /** An unreachable upstream must fail fast so the next mirror gets its turn. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Until the response headers arrive; the body itself may take as long as it needs. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private static final long PROGRESS_FROM_BYTES = 4L << 20;
  private static final long PROGRESS_STEP_BYTES = 2L << 20;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();
  private final PrintStream progress;

  /** @param progress where progress of big downloads goes; null for none */
  Downloader(PrintStream progress) {
    this.progress = progress;
  }

  void download(URI url, Path target) throws MirrorFailure, InterruptedIOException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file" -> copyFile(url, target);
      case "http", "https" -> copyHttp(url, target);
      default -> throw MirrorFailure.unreachable("unsupported URL scheme '" + scheme + "'", null);
    }
  }

  private static void copyFile(URI url, Path target) throws MirrorFailure {
    try {
      Files.copy(Path.of(url), target);
    } catch (IOException e) {
      throw MirrorFailure.unreachable("cannot read (" + MirrorFailure.describe(e) + ")", e);
    }
  }

  private void copyHttp(URI url, Path target) throws MirrorFailure, InterruptedIOException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw MirrorFailure.unreachable("cannot connect (" + MirrorFailure.describe(e) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + url);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw MirrorFailure.unreachable("HTTP " + response.statusCode(), null);
      }
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      long received = copy(body, target, url, length.orElse(-1));
      if (length.isPresent() && received != length.getAsLong()) {
        throw MirrorFailure.corrupt("truncated download: received " + received + " of "
            + length.getAsLong() + " bytes", null);
      }
    } catch (IOException e) {
      throw MirrorFailure.corrupt("download broke off (" + MirrorFailure.describe(e) + ")", e);
    }
  }

  private long copy(InputStream in, Path target, URI url, long total) throws IOException {
    boolean report = progress != null && total >= PROGRESS_FROM_BYTES;
    long received = 0;
    long nextReport = 0;
    byte[] buffer = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        received += n;
        if (report && received >= nextReport) {
          progress.printf("\rfetching %s: %.1f / %.1f MB", url, received / 1e6, total / 1e6);
          nextReport = received + PROGRESS_STEP_BYTES;
        }
      }
    }
    if (report) {
      progress.printf("\rfetching %s: %.1f / %.1f MB%n", url, received / 1e6, total / 1e6);
    }
    return received;
  }
}
