package io.sparktrain.exchange;

import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not proved itself within a deadline. A read timeout alone does not
 * bound a handshake, since a stranger can send one byte just before each timeout; closing the
 * socket from outside does, and it frees the descriptor at once.
 */
final class HandshakeDeadline {

  /** How long a connection may take to authenticate, unless told otherwise. */
  static final int DEFAULT_MILLIS = 5_000;

  private static final ScheduledThreadPoolExecutor CLOSER = closer();

  private HandshakeDeadline() {}

  private static ScheduledThreadPoolExecutor closer() {
    ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "sparktrain-handshake-deadline");
      t.setDaemon(true);
      return t;
    });
    // A flood leaves thousands of cancelled deadlines; they must not wait in the queue.
    closer.setRemoveOnCancelPolicy(true);
    return closer;
  }

  /** Arms the deadline; cancel the returned future once the connection has authenticated. */
  static ScheduledFuture<?> arm(Socket socket, int millis) {
    return CLOSER.schedule(() -> RingAllReduce.closeQuietly(socket), millis,
        TimeUnit.MILLISECONDS);
  }
}
