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
 */
public final class RingAllReduce implements AutoCloseable {

  private static final VarHandle FLOATS =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int HELLO = 0x5354524e; // "STRN"

  private final int rank;
  private final int size;
  private final Socket toNext;
  private final Socket fromPrevious;
  private final OutputStream out;
  private final InputStream in;
  private final int timeoutMillis;
  private final ExecutorService sender;
  private byte[] sendBytes = new byte[0];
  private byte[] receiveBytes = new byte[0];

  private RingAllReduce(int rank, int size, Socket toNext, Socket fromPrevious, int timeoutMillis)
      throws IOException {
    this.rank = rank;
    this.size = size;
    this.toNext = toNext;
    this.fromPrevious = fromPrevious;
    this.out = new BufferedOutputStream(toNext.getOutputStream(), 1 << 16);
    this.in = new BufferedInputStream(fromPrevious.getInputStream(), 1 << 16);
    this.timeoutMillis = timeoutMillis;
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sparktrain-ring-send-" + rank);
      t.setDaemon(true);
      return t;
    });
  }

  /** A listening socket on any free port (or {@code port}), to be announced to the other peers. */
  public static ServerSocket listen(int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(port));
    return server;
  }

  /**
   * Joins the ring: connects to the successor and accepts the predecessor.
   *
   * @param peers every peer's "host:port", indexed by ring rank
   * @param server this peer's listening socket, already announced as {@code peers.get(rank)};
   *     closed here once the predecessor is in
   * @param token identifies this ring (run, epoch, attempt), so that a connection left over from
   *     an earlier attempt is refused rather than joined
   */
  public static RingAllReduce connect(int rank, List<String> peers, ServerSocket server,
      long token, int timeoutMillis) throws IOException {
    int size = peers.size();
    Socket next = null;
    Socket previous = null;
    try {
      next = new Socket();
      next.connect(address(peers.get((rank + 1) % size)), timeoutMillis);
      next.setTcpNoDelay(true);
      DataOutputStream hello = new DataOutputStream(next.getOutputStream());
      hello.writeInt(HELLO);
      hello.writeLong(token);
      hello.writeInt(rank);
      hello.flush();
      server.setSoTimeout(TaskKills.SLICE_MILLIS);
      int expected = (rank + size - 1) % size;
      long start = System.nanoTime();
      while (previous == null) {
        Socket candidate;
        try {
          candidate = server.accept();
        } catch (SocketTimeoutException e) {
          TaskKills.throwIfKilled();
          if ((System.nanoTime() - start) / 1_000_000 < timeoutMillis) {
            continue;
          }
          throw e;
        }
        candidate.setSoTimeout(timeoutMillis);
        DataInputStream greeting = new DataInputStream(candidate.getInputStream());
        if (greeting.readInt() == HELLO && greeting.readLong() == token
            && greeting.readInt() == expected) {
          candidate.setTcpNoDelay(true);
          previous = candidate;
        } else {
          candidate.close();
        }
      }
      next.setSoTimeout(TaskKills.SLICE_MILLIS);
      previous.setSoTimeout(TaskKills.SLICE_MILLIS);
      return new RingAllReduce(rank, size, next, previous, timeoutMillis);
    } catch (SocketTimeoutException e) {
      closeQuietly(next);
      closeQuietly(previous);
      throw new ExchangeException("ring peer " + rank + " of " + size
          + ": its predecessor did not connect within " + timeoutMillis + " ms", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(next);
      closeQuietly(previous);
      throw e;
    } finally {
      server.close();
    }
  }

  /** Replaces {@code values} by the element-wise sum of every peer's {@code values}. */
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
      out.write(sendBytes, 0, sendCount << 2);
      out.flush();
      return null;
    });
    int receiveFrom = bounds[receive];
    int receiveCount = bounds[receive + 1] - receiveFrom;
    receiveBytes = ensure(receiveBytes, receiveCount);
    readFully(receiveBytes, receiveCount << 2);
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
    long start = System.nanoTime();
    try {
      while (true) {
        try {
          sent.get(TaskKills.SLICE_MILLIS, TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException e) {
          TaskKills.throwIfKilled();
          if ((System.nanoTime() - start) / 1_000_000 >= timeoutMillis) {
            sent.cancel(true);
            throw new ExchangeException("ring peer " + rank + " of " + size + ": its successor "
                + "took nothing for " + timeoutMillis + " ms (is it alive?)", e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeException("ring peer " + rank + " interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
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
    return buffer.length >= floats << 2 ? buffer : new byte[floats << 2];
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
