package io.sparktrain.exchange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's meeting point for the tasks of an epoch's barrier stage: each task announces where
 * its executor listens, and once all have, each gets the full list. Rank 0 then keeps its
 * connection open to report progress (each epoch's first and last round, the others at most
 * every 250 ms), which is how the driver shows steps and loss while the stage runs, and at the
 * end hands back the stage's result ({@link Handback}) when the stage was opened for one. A task
 * whose replica does not hold the stage's starting state may fetch it here, when the stage was
 * opened with one to hand out.
 *
 * <p>It replaces {@code BarrierTaskContext.allGather}, which costs about 0.9 s per call on Spark
 * 3.5 whatever the message size (the task polls its coordinator about once a second); this costs a
 * connection and a few bytes per task.
 *
 * <p>Strangers: a connection must prove, within {@link HandshakeDeadline#DEFAULT_MILLIS}, that it
 * holds the key of a stage the driver has {@linkplain #open opened} ({@link Handshake}; the key
 * derives from the application's secret and the stage attempt's label); else it is closed. At
 * most {@link #MAX_PENDING} connections may be authenticating at once, at most one waiting
 * registration per rank of a stage, and a {@linkplain #forget forgotten} stage admits nobody. A
 * flood therefore costs the driver a bounded number of threads and descriptors, for seconds.
 */
public final class Rendezvous implements AutoCloseable {

  /** Connections that may be proving themselves at once; more are closed on arrival. */
  static final int MAX_PENDING = 64;
  private static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);
  /**
   * The rendezvous this JVM runs, by {@link #address}: a rank 0 in the driver's own JVM (local
   * mode) hands its result straight to it, instead of writing 6.4 MB (the MLP) through a loopback
   * socket for the same JVM to read back.
   */
  private static final Map<String, Rendezvous> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final ServerSocket server;
  private final String host;
  private final byte[] secret;
  private final int handshakeMillis;
  private final Map<String, Stage> stages = new HashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong handedOut = new AtomicLong();
  private volatile ProgressTarget progress = ProgressTarget.NONE;

  /** A task's announcement, and the socket to answer it on. */
  record Member(int rank, String executorId, String hostPort, Socket socket) {}

  /** Where progress goes during one epoch, and when that epoch started. */
  record ProgressTarget(long startNanos, RoundProgress listener) {
    static final ProgressTarget NONE = new ProgressTarget(0, RoundProgress.NONE);
  }

  /**
   * An opened stage: its size, the newest attempt seen, who of it waits for the others, the
   * newest attempt's handback, and the starting state it hands out, if any.
   */
  private static final class Stage {
    final Member[] waiting;
    final long handbackFloats;
    final Handback handout;
    /** The driver's side of a stage that trains several epochs; null for one epoch. */
    final EpochGate gate;
    int attempt;
    Handback handback;

    Stage(int workers, long handbackFloats, Handback handout, EpochGate gate) {
      this.waiting = new Member[workers];
      this.handbackFloats = handbackFloats;
      this.handout = handout;
      this.gate = gate;
    }
  }

  /** Marks a handback on rank 0's progress stream, where a round number would be. */
  static final int HANDBACK = -1;
  /** Announced instead of a rank by a task that asks for the stage's starting state. */
  static final int HANDOUT = -2;
  /** Announced instead of a rank by a task that reports an epoch and asks for the next. */
  static final int NEXT = -3;
  /** The driver's answer to a handback it keeps. */
  static final int KEPT = 1;

  private Rendezvous(ServerSocket server, String host, byte[] secret, int handshakeMillis) {
    this.server = server;
    this.host = host;
    this.secret = secret.clone();
    this.handshakeMillis = handshakeMillis;
    Thread acceptor = new Thread(this::acceptLoop, "sparktrain-rendezvous");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Listens at {@code endpoint}, for tasks that prove they hold keys derived from {@code secret}.
   *
   * @param host the driver's address as executors reach it ({@code spark.driver.host})
   * @param handshakeMillis how long a connection may take to authenticate
   */
  public static Rendezvous start(Endpoint endpoint, String host, byte[] secret,
      int handshakeMillis) {
    try {
      Rendezvous started = new Rendezvous(endpoint.listen(), host, secret, handshakeMillis);
      IN_THIS_JVM.put(started.address(), started);
      return started;
    } catch (IOException e) {
      throw new ExchangeException("cannot listen for the training tasks at " + endpoint.host()
          + " port " + endpoint.firstPort() + " of the driver: " + e.getMessage(), e);
    }
  }

  /** "host:port" for the tasks to connect to. */
  public String address() {
    return host + ":" + server.getLocalPort();
  }

  /** Admits the {@code workers} tasks of {@code stage} (any attempt) from now on. */
  public void open(String stage, int workers) {
    open(stage, workers, 0);
  }

  /**
   * As {@link #open(String, int)}, and accepts a {@link Handback} from rank 0 of arrays of at
   * most {@code handbackFloats} floats together (0: none).
   */
  public void open(String stage, int workers, long handbackFloats) {
    open(stage, workers, handbackFloats, null);
  }

  /**
   * As {@link #open(String, int, long)}, and hands {@code handout} (the state the stage starts
   * from; null: none) to any of its tasks that asks ({@link TaskExchange#fetchStart}). It is
   * written from the arrays as they are when asked, so the caller must not change them while
   * the stage is open.
   */
  public void open(String stage, int workers, long handbackFloats,
      Handback handout) {
    open(stage, workers, handbackFloats, handout, null);
  }

  /**
   * As {@link #open(String, int, long, Handback)}, for a stage that trains several epochs: rank
   * 0's handbacks go to {@code gate} rather than wait for {@link #takeHandback}, and the tasks'
   * reports and questions between epochs ({@link TaskExchange#next}) are the gate's to answer.
   */
  public synchronized void open(String stage, int workers, long handbackFloats,
      Handback handout, EpochGate gate) {
    stages.put(stage, new Stage(workers, handbackFloats, handout, gate));
  }

  /** The gate of stage attempt {@code label} ("stage#attempt"), or null when it has none. */
  synchronized EpochGate gateOf(String label) {
    Stage stage = stages.get(label.substring(0, label.lastIndexOf('#')));
    return stage == null ? null : stage.gate;
  }

  static int attemptOf(String label) {
    return Integer.parseInt(label.substring(label.lastIndexOf('#') + 1));
  }

  /** The rendezvous at {@code address} when this JVM runs it, else null. */
  static Rendezvous inThisJvm(String address) {
    return IN_THIS_JVM.get(address);
  }

  /** Makes tasks in this JVM use the wire, as on a cluster: for tests of the wire. */
  void unlist() {
    IN_THIS_JVM.remove(address(), this);
  }

  /**
   * Keeps a handback that rank 0 of stage attempt {@code label} ("stage#attempt") hands over
   * within this JVM, under the same rules as one that comes over the wire. The arrays are kept as
   * they are, not copied.
   *
   * @return whether it was kept; if not, the task returns its result through Spark
   */
  boolean keepInProcess(String label, Handback handback) {
    long floats = 0;
    for (float[] array : handback.arrays()) {
      floats += array.length;
    }
    try {
      if (floats > handbackFloats(label)) {
        return false;
      }
      store(label, handback);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starting states the rendezvous began to send since it started. */
  public long handouts() {
    return handedOut.get();
  }

  /**
   * The handback of {@code stage}'s newest attempt that sent one, or null; taken, so a second call
   * gets null.
   */
  public synchronized Handback takeHandback(String stage) {
    Stage opened = stages.get(stage);
    if (opened == null) {
      return null;
    }
    Handback taken = opened.handback;
    opened.handback = null;
    return taken;
  }

  /**
   * Admits nobody to {@code stage} any more, and hangs up on its tasks still waiting for the
   * others (after a failed or cancelled stage, they fail at once instead of holding their slots
   * until the timeout).
   */
  public void forget(String stage) {
    Stage gone;
    synchronized (this) {
      gone = stages.remove(stage);
    }
    if (gone != null) {
      Arrays.stream(gone.waiting).filter(m -> m != null)
          .forEach(m -> RingAllReduce.closeQuietly(m.socket()));
    }
    long strangers = refused.getAndSet(0);
    if (strangers > 0) {
      LOG.warn("the training exchange refused {} connection(s) during {} that did not prove the "
          + "application's secret in time", strangers, stage);
    }
  }

  /** Connections closed because they did not authenticate, since the last {@link #forget}. */
  public long refusedConnections() {
    return refused.get();
  }

  /**
   * Sends the progress that rank 0 reports from now on to {@code listener}, timed from now;
   * {@link RoundProgress#NONE} to stop.
   */
  public void reportTo(RoundProgress listener) {
    progress = new ProgressTarget(System.nanoTime(), listener);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        if (pending.incrementAndGet() > MAX_PENDING) {
          pending.decrementAndGet();
          refused.incrementAndGet();
          RingAllReduce.closeQuietly(socket);
          continue;
        }
        Thread handler = new Thread(() -> serve(socket), "sparktrain-rendezvous-task");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("rendezvous: accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(Socket socket) {
    ScheduledFuture<?> deadline = HandshakeDeadline.arm(socket, handshakeMillis);
    Registration registration;
    try {
      registration = authenticate(socket);
    } catch (IOException | RuntimeException e) {
      registration = null;
    } finally {
      pending.decrementAndGet();
    }
    // A deadline that fired first has closed the socket: the connection counts as refused.
    if (registration == null || !deadline.cancel(false)) {
      refuse(socket);
      return;
    }
    try {
      if (registration.member().rank() == HANDOUT) {
        handOut(registration);
        return;
      }
      if (registration.member().rank() == NEXT) {
        answerNext(registration);
        return;
      }
      socket.setSoTimeout(0);
      List<Member> complete =
          register(registration.label(), registration.size(), registration.member());
      if (complete != null) {
        for (Member m : complete) {
          answer(m.socket(), complete);
        }
        // Only rank 0 keeps its connection (progress, handback); left open, the others' ends
        // would hold a descriptor each until the collector found them (ExchangeStrangersTest).
        complete.stream().filter(m -> m.rank() != 0)
            .forEach(m -> RingAllReduce.closeQuietly(m.socket()));
      }
      if (registration.member().rank() == 0) {
        relay(registration);
      }
    } catch (EOFException e) {
      // The task closed its connection: its epoch ended or it failed, which Spark reports.
    } catch (IOException e) {
      // A refused handback among them: the task must not wait for an answer that never comes.
      LOG.debug("rendezvous: connection ended: {}", e.toString());
      RingAllReduce.closeQuietly(socket);
    }
  }

  /** A task that proved itself, what it announced, and the stream its progress comes on. */
  private record Registration(String label, int size, Member member, DataInputStream in) {}

  /** The handshake and the announcement; null when the connection is refused. */
  private Registration authenticate(Socket socket) throws IOException {
    socket.setSoTimeout(handshakeMillis);
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    Handshake.Accepted accepted = Handshake.asServer(in, out, this::keyFor);
    if (accepted == null) {
      return null;
    }
    int rank = in.readInt();
    int size = in.readInt();
    Member member = new Member(rank, in.readUTF(), in.readUTF(), socket);
    return new Registration(accepted.label(), size, member, in);
  }

  private void refuse(Socket socket) {
    refused.incrementAndGet();
    RingAllReduce.closeQuietly(socket);
  }

  /** The key of a stage attempt's label ("stage#attempt"), if that stage is open. */
  private synchronized byte[] keyFor(String label) {
    int hash = label.lastIndexOf('#');
    if (hash < 0 || !stages.containsKey(label.substring(0, hash))
        || !label.substring(hash + 1).matches("[0-9]{1,9}")) {
      return null;
    }
    return Handshake.derive(secret, label);
  }

  private synchronized List<Member> register(String label, int size, Member member) {
    int hash = label.lastIndexOf('#');
    Stage stage = stages.get(label.substring(0, hash));
    int attempt = Integer.parseInt(label.substring(hash + 1));
    if (stage == null || attempt < stage.attempt || size != stage.waiting.length
        || member.rank() < 0 || member.rank() >= size) {
      RingAllReduce.closeQuietly(member.socket());
      return null;
    }
    if (attempt > stage.attempt) {
      // A newer attempt: the older one failed, and its waiters will never complete.
      dropWaiting(stage);
      stage.attempt = attempt;
    }
    Member replaced = stage.waiting[member.rank()];
    if (replaced != null) {
      RingAllReduce.closeQuietly(replaced.socket());
    }
    stage.waiting[member.rank()] = member;
    if (Arrays.stream(stage.waiting).anyMatch(m -> m == null)) {
      return null;
    }
    List<Member> complete = new ArrayList<>(Arrays.asList(stage.waiting));
    Arrays.fill(stage.waiting, null);
    return complete;
  }

  private static void dropWaiting(Stage stage) {
    for (Member m : stage.waiting) {
      if (m != null) {
        RingAllReduce.closeQuietly(m.socket());
      }
    }
    Arrays.fill(stage.waiting, null);
  }

  private static void answer(Socket socket, List<Member> members) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    out.writeInt(members.size());
    for (Member m : members) {
      out.writeUTF(m.executorId());
      out.writeUTF(m.hostPort());
    }
    out.flush();
  }

  /**
   * Writes the stage's starting state and hangs up; a stage that has none to hand out (or is no
   * longer open) gets the connection closed, which the task reports as a failure.
   */
  private void handOut(Registration registration) throws IOException {
    Socket socket = registration.member().socket();
    try {
      Handback handout;
      synchronized (this) {
        String label = registration.label();
        Stage stage = stages.get(label.substring(0, label.lastIndexOf('#')));
        handout = stage == null ? null : stage.handout;
      }
      if (handout != null) {
        // Counted before the first byte goes out: a task that refuses the state from its header
        // closes the connection mid-write, and a count after the write would race with it.
        handedOut.incrementAndGet();
        handout.write(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())));
      }
    } finally {
      RingAllReduce.closeQuietly(socket);
    }
  }

  /**
   * A task's report after an epoch, handed to the stage's gate, and the orders the gate gives
   * once the driver has decided; the connection is closed either way. A stage without a gate (or
   * no longer open) gets the connection closed unanswered, which the task reports as a failure.
   */
  private void answerNext(Registration registration) throws IOException {
    Socket socket = registration.member().socket();
    try {
      DataInputStream in = registration.in();
      int rank = in.readInt();
      EpochReport report = EpochReport.read(in);
      EpochGate gate = gateOf(registration.label());
      if (gate == null) {
        return;
      }
      int attempt = attemptOf(registration.label());
      // The gate answers every question once the driver decides or the stage ends (its stop).
      Handback orders = gate.next(attempt, rank, report, TaskKills.SLICE_MILLIS);
      while (orders == null) {
        orders = gate.next(attempt, rank, report.waiting(), TaskKills.SLICE_MILLIS);
      }
      orders.write(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      RingAllReduce.closeQuietly(socket);
    }
  }

  /** Rank 0's progress as {@link TaskExchange#report} sends it, then possibly its handback. */
  private void relay(Registration registration) throws IOException {
    DataInputStream in = registration.in();
    while (true) {
      int round = in.readInt();
      if (round == HANDBACK) {
        keep(registration, in);
        continue;
      }
      int rounds = in.readInt();
      long examples = in.readLong();
      double loss = in.readDouble();
      ProgressTarget target = progress;
      target.listener().onRound(round, rounds, examples, loss,
          (System.nanoTime() - target.startNanos()) / 1e9);
    }
  }

  /**
   * Reads a handback and keeps it for its stage when it comes from the newest attempt, then
   * answers {@link #KEPT}; a stage not opened for one (or forgotten) gets the connection closed,
   * and its task returns the result through Spark instead.
   */
  private void keep(Registration registration, DataInputStream in) throws IOException {
    String label = registration.label();
    Handback handback = Handback.read(in, handbackFloats(label));
    store(label, handback);
    Socket socket = registration.member().socket();
    socket.getOutputStream().write(KEPT);
    socket.getOutputStream().flush();
  }

  /** The most floats a handback of stage attempt {@code label} may hold; refused when none. */
  private synchronized long handbackFloats(String label) throws IOException {
    Stage stage = stages.get(label.substring(0, label.lastIndexOf('#')));
    if (stage == null || stage.handbackFloats == 0) {
      throw new IOException("no handback expected from " + label);
    }
    return stage.handbackFloats;
  }

  /** Keeps {@code handback} for its stage when it comes from the newest attempt. */
  private synchronized void store(String label, Handback handback) throws IOException {
    int hash = label.lastIndexOf('#');
    Stage stage = stages.get(label.substring(0, hash));
    if (stage == null || Integer.parseInt(label.substring(hash + 1)) < stage.attempt) {
      throw new IOException("a handback from " + label + ", which is no longer running");
    }
    if (stage.gate != null) {
      stage.gate.handBack(attemptOf(label), handback);
    } else {
      stage.handback = handback;
    }
  }

  @Override
  public void close() {
    unlist();
    RingAllReduce.closeQuietly(server);
    synchronized (this) {
      stages.values().forEach(Rendezvous::dropWaiting);
      stages.clear();
    }
  }
}
