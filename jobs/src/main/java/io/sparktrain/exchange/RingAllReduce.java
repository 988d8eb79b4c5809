package io.sparktrain.exchange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bandwidth-optimal sum of one float vector per peer over TCP: the peers form a ring, and a
 * reduce-scatter followed by an all-gather moves 2(R-1)/R of the vector through each link, however
 * many peers there are. Every peer ends with the same bytes, and the order in which each element is
 * summed depends only on the ranks, so a rerun gives the same result.
 *
 * <p>Each peer sends to its successor while it reads from its predecessor (a sender thread), so
 * that no two peers block on full socket buffers. Every read and every send is bounded by the
 * timeout: a dead or hung peer fails this one within that time instead of hanging the stage.
 *
 * <p>Every link proves on both ends that it holds the stage attempt's key ({@link Handshake})
 * before state moves; with {@link Credentials#encrypt} every segment also travels sealed with
 * AES-GCM under that link's session key ({@link FrameCipher}).
 */
public final class RingAllReduce implements PeerSum {

  private static final VarHandle FLOATS =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private final int rank;
  private final int size;
  private final Socket toNext;
  private final Socket fromPrevious;
  private final OutputStream out;
  private final InputStream in;
  private final FrameCipher seal;
  private final FrameCipher open;
  private final int timeoutMillis;
  private final ExecutorService sender;
  private byte[] sendBytes = new byte[0];
  private byte[] receiveBytes = new byte[0];
  private byte[] sealedOut = new byte[0];
  private byte[] sealedIn = new byte[0];

  private RingAllReduce(int rank, int size, Link toNext, Link fromPrevious, boolean encrypt,
      int timeoutMillis, ExecutorService sender) throws IOException {
    this.rank = rank;
    this.size = size;
    this.toNext = toNext.socket();
    this.fromPrevious = fromPrevious.socket();
    this.out = new BufferedOutputStream(this.toNext.getOutputStream(), 1 << 16);
    this.in = new BufferedInputStream(this.fromPrevious.getInputStream(), 1 << 16);
    // Each link carries data one way, from the peer that dialled it to the one that accepted.
    this.seal = encrypt ? FrameCipher.sealing(toNext.session().clientToServer()) : null;
    this.open = encrypt ? FrameCipher.opening(fromPrevious.session().clientToServer()) : null;
    this.timeoutMillis = timeoutMillis;
    this.sender = sender;
  }

  /**
   * What a ring proves and protects its links with.
   *
   * @param key the stage attempt's key ({@link Handshake#derive}); every peer holds it
   * @param label the stage attempt's name, so that a link of another attempt is refused
   * @param encrypt whether the frames are encrypted and authenticated ({@link FrameCipher})
   */
  public record Credentials(byte[] key, String label, boolean encrypt) {}

  /** An authenticated connection and its session keys. */
  private record Link(Socket socket, Handshake.Session session) {}

  /**
   * Joins the ring: connects to the successor and accepts the predecessor, each link proving
   * on both ends that it holds the stage's key before a byte of state moves. Strangers that
   * connect to {@code server} meanwhile are closed, each within the handshake deadline.
   *
   * @param peers every peer's "host:port", indexed by ring rank
   * @param server this peer's listening socket, already announced as {@code peers.get(rank)};
   *     closed here once the predecessor is in
   * @throws ExchangeException if a neighbour holds another key (it says so), or does not come
   *     within {@code timeoutMillis}
   */
  public static RingAllReduce connect(int rank, List<String> peers, ServerSocket server,
      Credentials credentials, int timeoutMillis) throws IOException {
    int size = peers.size();
    ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sparktrain-ring-send-" + rank);
      t.setDaemon(true);
      return t;
    });
    // Dial while accepting: every peer dials first, so waiting for the dial would deadlock.
    Future<Link> dialled = sender.submit(() -> dial(peers.get((rank + 1) % size),
        linkLabel(credentials, rank), credentials.key(), timeoutMillis));
    Link previous = null;
    try {
      previous = accept(server, credentials, linkLabel(credentials, (rank + size - 1) % size),
          rank, size, timeoutMillis, dialled);
      Link next = awaitSliced(dialled, timeoutMillis, "ring peer " + rank + " of " + size
          + ": its successor did not complete the handshake");
      next.socket().setSoTimeout(TaskKills.SLICE_MILLIS);
      previous.socket().setSoTimeout(TaskKills.SLICE_MILLIS);
      return new RingAllReduce(rank, size, next, previous, credentials.encrypt(), timeoutMillis,
          sender);
    } catch (IOException | RuntimeException e) {
      dialled.cancel(true);
      sender.shutdownNow();
      closeQuietly(previous == null ? null : previous.socket());
      if (dialled.isDone() && !dialled.isCancelled()) {
        closeLink(dialled);
      }
      throw e;
    } finally {
      server.close();
    }
  }

  private static String linkLabel(Credentials credentials, int fromRank) {
    return credentials.label() + "/ring-from-" + fromRank;
  }

  private static Link dial(String hostPort, String label, byte[] key, int timeoutMillis)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address(hostPort), timeoutMillis);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(timeoutMillis);
      Handshake.Session session = Handshake.asClient(
          new DataInputStream(socket.getInputStream()),
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), key, label,
          "ring peer " + hostPort);
      return new Link(socket, session);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /**
   * Accepts connections until one proves it is the predecessor; each stranger is closed when it
   * fails its proof or after the handshake deadline, whichever comes first.
   */
  private static Link accept(ServerSocket server, Credentials credentials, String expected,
      int rank, int size, int timeoutMillis, Future<Link> dialled) throws IOException {
    server.setSoTimeout(TaskKills.SLICE_MILLIS);
    int handshakeMillis = Math.min(timeoutMillis, HandshakeDeadline.DEFAULT_MILLIS);
    long start = System.nanoTime();
    while (true) {
      Socket candidate;
      try {
        candidate = server.accept();
      } catch (SocketTimeoutException e) {
        TaskKills.throwIfKilled();
        if (dialled.isDone()) {
          // A failed dial (the successor holds another secret, say) is the news; report it now.
          awaitSliced(dialled, timeoutMillis, "ring peer " + rank + " dialling its successor");
        }
        if ((System.nanoTime() - start) / 1_000_000 < timeoutMillis) {
          continue;
        }
        throw new ExchangeException("ring peer " + rank + " of " + size
            + ": its predecessor did not connect within " + timeoutMillis + " ms", e);
      }
      ScheduledFuture<?> deadline = HandshakeDeadline.arm(candidate, handshakeMillis);
      Handshake.Accepted accepted = null;
      try {
        candidate.setSoTimeout(handshakeMillis);
        // Unbuffered: a buffer would swallow the first state bytes that follow the proof.
        accepted = Handshake.asServer(new DataInputStream(candidate.getInputStream()),
            new DataOutputStream(new BufferedOutputStream(candidate.getOutputStream())),
            label -> label.equals(expected) ? credentials.key() : null);
      } catch (IOException e) {
        // A stranger, or garbage: refused like a wrong proof.
      }
      if (accepted != null && deadline.cancel(false)) {
        candidate.setTcpNoDelay(true);
        return new Link(candidate, accepted.session());
      }
      closeQuietly(candidate);
    }
  }

  /**
   * Waits for {@code work} (the dialled link, a send) in slices, watching Spark's kill flag.
   *
   * @param late what did not happen, for the message when the timeout passes
   */
  private static <T> T awaitSliced(Future<T> work, int timeoutMillis, String late)
      throws IOException {
    long start = System.nanoTime();
    try {
      while (true) {
        try {
          return work.get(TaskKills.SLICE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          TaskKills.throwIfKilled();
          if ((System.nanoTime() - start) / 1_000_000 >= timeoutMillis) {
            work.cancel(true);
            throw new ExchangeException(late + " for " + timeoutMillis + " ms (is it alive?)", e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeException(late + ": interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  private static void closeLink(Future<Link> dialled) {
    try {
      closeQuietly(dialled.get().socket());
    } catch (ExecutionException | InterruptedException ignored) {
      // It never connected: nothing to close.
    }
  }

  @Override
  public void sumInPlace(float[] values) {
    int[] bounds = segments(values.length, size);
    try {
      // Reduce-scatter: after R-1 steps this peer holds the full sum of segment (rank + 1) % R.
      for (int step = 0; step < size - 1; step++) {
        int send = Math.floorMod(rank - step, size);
        int receive = Math.floorMod(rank - step - 1, size);
        exchange(values, bounds, send, receive, true);
      }
      // All-gather: pass the finished segments round the ring.
      for (int step = 0; step < size - 1; step++) {
        int send = Math.floorMod(rank - step + 1, size);
        int receive = Math.floorMod(rank - step, size);
        exchange(values, bounds, send, receive, false);
      }
    } catch (IOException e) {
      throw new ExchangeException("ring peer " + rank + " of " + size + " lost its neighbours: "
          + e.getMessage(), e);
    }
  }

  private void exchange(float[] values, int[] bounds, int send, int receive, boolean add)
      throws IOException {
    int sendFrom = bounds[send];
    int sendCount = bounds[send + 1] - sendFrom;
    sendBytes = ensure(sendBytes, sendCount);
    for (int i = 0; i < sendCount; i++) {
      FLOATS.set(sendBytes, i << 2, values[sendFrom + i]);
    }
    Future<?> sent = sender.submit(() -> {
      send(sendCount << 2);
      return null;
    });
    int receiveFrom = bounds[receive];
    int receiveCount = bounds[receive + 1] - receiveFrom;
    receiveBytes = ensure(receiveBytes, receiveCount);
    receive(receiveCount << 2);
    if (add) {
      for (int i = 0; i < receiveCount; i++) {
        values[receiveFrom + i] += (float) FLOATS.get(receiveBytes, i << 2);
      }
    } else {
      for (int i = 0; i < receiveCount; i++) {
        values[receiveFrom + i] = (float) FLOATS.get(receiveBytes, i << 2);
      }
    }
    awaitSent(sent);
  }

  /** Sends the first {@code length} bytes of sendBytes, sealed when the ring encrypts. */
  private void send(int length) throws IOException {
    if (seal == null) {
      out.write(sendBytes, 0, length);
    } else {
      sealedOut = ensureBytes(sealedOut, FrameCipher.sealedLength(length));
      int at = 0;
      int from = 0;
      do {
        int n = Math.min(FrameCipher.MAX_FRAME, length - from);
        at += seal.apply(sendBytes, from, n, sealedOut, at);
        from += n;
      } while (from < length);
      out.write(sealedOut, 0, at);
    }
    out.flush();
  }

  /** Reads {@code length} bytes into receiveBytes, opening and checking them when encrypted. */
  private void receive(int length) throws IOException {
    if (open == null) {
      readFully(receiveBytes, length);
      return;
    }
    int sealed = FrameCipher.sealedLength(length);
    sealedIn = ensureBytes(sealedIn, sealed);
    readFully(sealedIn, sealed);
    int at = 0;
    int to = 0;
    do {
      int n = Math.min(FrameCipher.MAX_FRAME, length - to);
      to += open.apply(sealedIn, at, n + FrameCipher.OVERHEAD, receiveBytes, to);
      at += n + FrameCipher.OVERHEAD;
    } while (to < length);
  }

  private void readFully(byte[] buffer, int length) throws IOException {
    int at = 0;
    long quietSince = System.nanoTime();
    while (at < length) {
      int n;
      try {
        n = in.read(buffer, at, length - at);
      } catch (SocketTimeoutException e) {
        // A timed-out read consumed nothing: look at Spark's kill flag, then read on.
        TaskKills.throwIfKilled();
        if ((System.nanoTime() - quietSince) / 1_000_000 >= timeoutMillis) {
          throw new ExchangeException("ring peer " + rank + " of " + size + ": its predecessor "
              + "sent nothing for " + timeoutMillis + " ms (is it alive?)", e);
        }
        continue;
      }
      quietSince = System.nanoTime();
      if (n < 0) {
        throw new ExchangeException("ring peer " + rank + " of " + size
            + ": its predecessor closed the connection (its task failed or was killed)");
      }
      at += n;
    }
  }

  private void awaitSent(Future<?> sent) throws IOException {
    awaitSliced(sent, timeoutMillis,
        "ring peer " + rank + " of " + size + ": its successor took nothing");
  }

  /** Segment boundaries: segment s is {@code [bounds[s], bounds[s + 1])}. */
  static int[] segments(int length, int parts) {
    int[] bounds = new int[parts + 1];
    for (int s = 0; s <= parts; s++) {
      bounds[s] = (int) ((long) length * s / parts);
    }
    return bounds;
  }

  private static byte[] ensure(byte[] buffer, int floats) {
    return ensureBytes(buffer, floats << 2);
  }

  private static byte[] ensureBytes(byte[] buffer, int bytes) {
    return buffer.length >= bytes ? buffer : new byte[bytes];
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1)));
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Closing after a failure: the failure is what gets reported.
      }
    }
  }

  /** Closing the sockets is also what tells the neighbours, at once, that this peer is gone. */
  @Override
  public void close() {
    sender.shutdownNow();
    closeQuietly(toNext);
    closeQuietly(fromPrevious);
  }
}
