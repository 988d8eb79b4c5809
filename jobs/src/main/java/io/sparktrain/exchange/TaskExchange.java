package io.sparktrain.exchange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's side of an epoch's averaging: it meets the other tasks through the driver's
 * {@link Rendezvous}, sums with the tasks in its own JVM through a {@link LocalGroup}, and, as the
 * leader of its JVM, with the other executors' leaders through a {@link RingAllReduce}, or through
 * a {@link SharedFileSum} when all of them run on this host. Closing it (always, in a finally)
 * releases the sockets and the file, which is also what tells the peers of a failed task that it
 * is gone.
 */
public final class TaskExchange implements AutoCloseable {

  /** The least time between two of rank 0's progress messages within an epoch. */
  static final long REPORT_EVERY_NANOS = 250_000_000L;

  private final int rank;
  private final LocalGroup group;
  private final int member;
  private final PeerSum ring;
  private final Socket coordinator;
  private final DataOutputStream progress;
  private final boolean encrypted;
  /** Rank 0's way to the driver: the rendezvous address and this stage attempt's label. */
  private final String rendezvous;
  private final String label;
  /** Who this task is and the stage attempt's key, for its questions between epochs. */
  private final Identity me;
  private final byte[] key;
  private boolean failed = true;
  /** Whether every task of the stage runs in this JVM. */
  private final boolean oneJvm;
  /** Whether every executor of the stage holds one of its tasks (see {@link #averagesInPlace}). */
  private final boolean oneTaskEach;
  /** When rank 0 last sent its progress: read only after an epoch's first round has set it. */
  private long reportedAt;

  private TaskExchange(Identity me, byte[] key, LocalGroup group, Topology topology,
      PeerSum ring, Socket coordinator, DataOutputStream progress, boolean encrypted,
      String rendezvous) {
    this.me = me;
    this.key = key;
    this.rank = me.rank();
    this.label = me.label();
    this.group = group;
    this.member = topology.localMember();
    this.oneJvm = topology.ringAddresses().size() == 1;
    this.oneTaskEach = topology.oneTaskEach();
    this.ring = ring;
    this.coordinator = coordinator;
    this.progress = progress;
    this.encrypted = encrypted;
    this.rendezvous = rendezvous;
  }

  /**
   * Where this task stands in one stage attempt.
   *
   * @param stage unique per run and epoch, as the driver {@linkplain Rendezvous#open opened} it
   * @param attempt Spark's attempt number of the stage
   * @param ring where this executor listens for its ring predecessor: its own address, as the
   *     other executors reach it, and the allowed ports
   */
  public record Identity(String stage, int attempt, int rank, int size, String executorId,
      Endpoint ring) {

    /** The stage attempt's name, which its keys derive from: "stage#attempt". */
    public String label() {
      return stage + "#" + attempt;
    }
  }

  /**
   * What the exchange proves and protects.
   *
   * @param secret the application's secret (Spark's, or the run's own), which the stage keys
   *     derive from; never sent
   * @param encrypt whether state crossing the ring is encrypted ({@link FrameCipher})
   */
  public record Protection(byte[] secret, boolean encrypt) {}

  /**
   * Whether executors on one host may sum through a file in shared memory instead of the ring,
   * and the length of the vectors they will sum (the file is sized for it).
   *
   * @param dir where the file is made ({@link SharedFileSum#DEFAULT_DIR}); null keeps the ring
   *     always
   * @param owner the training the file serves (its run): only that training's next epoch takes
   *     up a file parked between epochs, since its replicas may keep their state in it
   */
  public record Sharing(Path dir, int length, String owner) {

    /** Executors always sum over the ring. */
    public static final Sharing RING = new Sharing(null, 0, "");
  }

  /**
   * Meets the stage's other tasks through the driver's {@link Rendezvous} at {@code rendezvous}
   * ("host:port") and joins this JVM's {@link LocalGroup} and, as its leader, the ring, which it
   * replaces by a {@link SharedFileSum} when {@code sharing} allows one, the exchange does not
   * encrypt, and every ring peer announced this executor's host.
   *
   * @throws ExchangeException if the others do not all arrive within {@code timeoutMillis}, the
   *     driver cannot be reached or proves another secret, or the task is killed meanwhile
   */
  public static TaskExchange join(String rendezvous, Identity me, Protection protection,
      Sharing sharing, int timeoutMillis) {
    byte[] key = Handshake.derive(protection.secret(), me.label());
    ServerSocket server = null;
    Socket socket = null;
    try {
      server = me.ring().listen();
      socket = meet(rendezvous, me, key, timeoutMillis);
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      out.writeInt(me.rank());
      out.writeInt(me.size());
      out.writeUTF(me.executorId());
      out.writeUTF(me.ring().host() + ":" + server.getLocalPort());
      out.flush();
      BufferedInputStream answer = new BufferedInputStream(socket.getInputStream());
      awaitAnswer(socket, answer, me.rank(), timeoutMillis);
      DataInputStream in = new DataInputStream(answer);
      int size = in.readInt();
      List<String> executors = new ArrayList<>(size);
      List<String> addresses = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        executors.add(in.readUTF());
        addresses.add(in.readUTF());
      }
      Topology topology = Topology.of(executors, addresses, me.rank());
      LocalGroup group = LocalGroup.join(me.label() + "/" + me.executorId(),
          topology.localMembers(), timeoutMillis);
      PeerSum ring = null;
      if (topology.leadsRing()) {
        ring = peers(topology, server, key, me.label(), protection.encrypt(), sharing,
            timeoutMillis);
      } else {
        server.close();
      }
      if (me.rank() != 0) {
        socket.close();
        return new TaskExchange(me, key, group, topology, ring, null, null,
            protection.encrypt(), rendezvous);
      }
      return new TaskExchange(me, key, group, topology, ring, socket, out,
          protection.encrypt(), rendezvous);
    } catch (IOException e) {
      RingAllReduce.closeQuietly(server);
      RingAllReduce.closeQuietly(socket);
      throw new ExchangeException("task " + me.rank() + " could not meet the other tasks through "
          + "the driver at " + rendezvous + ": " + e, e);
    } catch (RuntimeException e) {
      RingAllReduce.closeQuietly(server);
      RingAllReduce.closeQuietly(socket);
      throw e;
    }
  }

  /**
   * Fetches the state the stage starts from, which the driver hands out to a task whose replica
   * does not hold it (a new executor, a retried attempt) when it did not broadcast it.
   *
   * @param maxFloats the most floats the state's arrays may hold together
   * @throws ExchangeException when the exchange encrypts (the connection does not), or the driver
   *     cannot be reached or has no state to hand out for this stage
   */
  public static Handback fetchStart(String rendezvous, Identity me, Protection protection,
      long maxFloats, int timeoutMillis) {
    if (protection.encrypt()) {
      throw new ExchangeException("task " + me.rank() + ": an encrypting exchange never fetches "
          + "the starting state in the clear; the driver broadcasts it");
    }
    Socket socket = null;
    try {
      socket = meet(rendezvous, me, Handshake.derive(protection.secret(), me.label()),
          timeoutMillis);
      announce(socket, Rendezvous.HANDOUT, me).flush();
      return Handback.read(new DataInputStream(new BufferedInputStream(socket.getInputStream())),
          maxFloats);
    } catch (IOException e) {
      throw new ExchangeException("task " + me.rank() + " could not fetch the stage's starting "
          + "state from the driver at " + rendezvous + " (the stage is over, or the driver has "
          + "none to hand out): " + e, e);
    } finally {
      RingAllReduce.closeQuietly(socket);
    }
  }

  /**
   * Announces a request that takes no rank's place ({@link Rendezvous#HANDOUT},
   * {@link Rendezvous#NEXT}) where a task would announce its rank; the caller writes the rest.
   */
  private static DataOutputStream announce(Socket socket, int request, Identity me)
      throws IOException {
    DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    out.writeInt(request);
    out.writeInt(me.size());
    out.writeUTF(me.executorId());
    out.writeUTF("");
    return out;
  }

  /** The ring of executors' leaders, or the shared file that replaces it on one host. */
  private static PeerSum peers(Topology topology, ServerSocket server, byte[] key, String label,
      boolean encrypt, Sharing sharing, int timeoutMillis) throws IOException {
    RingAllReduce ring = RingAllReduce.connect(topology.ringRank(), topology.ringAddresses(),
        server, new RingAllReduce.Credentials(key, label, encrypt), timeoutMillis);
    // Encrypted state stays on the ring: the setting promises that no state leaves a JVM in clear.
    if (sharing.dir() == null || encrypt || !topology.oneHost()) {
      return ring;
    }
    try {
      SharedFileSum file = SharedFileSum.tryJoin(ring, topology.ringRank(),
          topology.ringAddresses().size(), sharing.dir(), key, sharing.length(), sharing.owner(),
          timeoutMillis);
      if (file == null) {
        return ring;
      }
      ring.close();
      return file;
    } catch (RuntimeException e) {
      ring.close();
      throw e;
    }
  }

  /**
   * Connects to the driver and proves the stage key. The driver closes connections beyond the
   * few it authenticates at once (strangers may be flooding it): a hang-up before its challenge
   * is retried, with a growing pause, until the timeout.
   */
  private static Socket meet(String rendezvous, Identity me, byte[] key, int timeoutMillis)
      throws IOException {
    int colon = rendezvous.lastIndexOf(':');
    InetSocketAddress driver = new InetSocketAddress(rendezvous.substring(0, colon),
        Integer.parseInt(rendezvous.substring(colon + 1)));
    long start = System.nanoTime();
    int pauseMillis = 20;
    while (true) {
      Socket socket = new Socket();
      try {
        socket.connect(driver, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        // Unbuffered: the driver's answer that follows is read through another stream.
        Handshake.asClient(new DataInputStream(socket.getInputStream()),
            new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), key,
            me.label(), "the driver's rendezvous at " + rendezvous);
        return socket;
      } catch (EOFException | SocketException e) {
        RingAllReduce.closeQuietly(socket);
        TaskKills.throwIfKilled();
        if ((System.nanoTime() - start) / 1_000_000 + pauseMillis >= timeoutMillis) {
          throw e;
        }
        sleep(pauseMillis);
        pauseMillis = Math.min(1_000, pauseMillis * 2);
      } catch (IOException | RuntimeException e) {
        RingAllReduce.closeQuietly(socket);
        throw e;
      }
    }
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeException("interrupted while meeting the other tasks", e);
    }
  }

  /**
   * Waits for the driver's answer, which comes once every task has announced itself: in slices,
   * so that a task Spark kills meanwhile (its stage failed elsewhere) gives its slot back.
   */
  private static void awaitAnswer(Socket socket, BufferedInputStream answer, int rank,
      int timeoutMillis) throws IOException {
    awaitAnswer(socket, answer, rank, timeoutMillis,
        "the other tasks of this stage did not all announce themselves");
  }

  /** As above; {@code late} says what did not happen in time. */
  private static void awaitAnswer(Socket socket, BufferedInputStream answer, int rank,
      int timeoutMillis, String late) throws IOException {
    socket.setSoTimeout(TaskKills.SLICE_MILLIS);
    long start = System.nanoTime();
    while (true) {
      answer.mark(1);
      try {
        if (answer.read() < 0) {
          throw new ExchangeException("task " + rank + ": the driver dropped the meeting of this "
              + "stage's tasks (the stage failed or was cancelled)");
        }
        answer.reset();
        socket.setSoTimeout(timeoutMillis);
        return;
      } catch (SocketTimeoutException e) {
        TaskKills.throwIfKilled();
        if ((System.nanoTime() - start) / 1_000_000 >= timeoutMillis) {
          throw new ExchangeException("task " + rank + ": " + late + " within " + timeoutMillis
              + " ms", e);
        }
      }
    }
  }

  /** How this task's state travels: alone, shared memory, shared file or TCP ring. */
  public String transport() {
    if (alone()) {
      return "alone";
    }
    if (oneJvm) {
      return "shared memory";
    }
    if (ring == null) {
      return "shared memory, its leader's sum between JVMs";
    }
    return ring instanceof SharedFileSum ? "shared memory, a file between JVMs"
        : group.size() > 1 ? "shared memory, TCP ring between JVMs" : "TCP ring";
  }

  /**
   * Whether {@link #averageInPlace} serves this task: every task of the stage runs in this JVM,
   * or the executors share a file on this host and each holds one task. Where an executor holds
   * several tasks and the stage spans JVMs, every task sums ({@link #sumInPlace}): its JVM's
   * leader for all of them, over the ring or through the file, whose ways do not mix.
   */
  public boolean averagesInPlace() {
    return oneJvm || (oneTaskEach && ring instanceof SharedFileSum);
  }

  /**
   * Whether this task is the stage's only one: its average is its own state, and nothing needs
   * to move.
   */
  public boolean alone() {
    return oneJvm && group.size() == 1;
  }

  /**
   * See {@link LocalGroup#averageInPlace} and {@link SharedFileSum#averageInPlace}; only when
   * {@link #averagesInPlace}.
   */
  public RoundTotals averageInPlace(FloatBuffer[] state, double weight, double loss) {
    if (ring instanceof SharedFileSum file) {
      return file.averageInPlace(state, weight, loss);
    }
    return group.averageInPlace(member, state, weight, loss);
  }

  /**
   * This task's slot in the shared file between executors, for its replica to keep a state of
   * {@code length} floats in ({@link SharedFileSum#lodge}); null where the exchange has no such
   * file, some executor holds more than one task of the stage, or the slot is too short.
   */
  public FloatBuffer lodging(int length) {
    return oneTaskEach && ring instanceof SharedFileSum file && length <= file.slotLength()
        ? file.lodge() : null;
  }

  /** See {@link SharedFileSum#averageLodged}; only after {@link #lodging} gave a slot. */
  public RoundTotals averageLodged(int[] parts, double weight, double loss) {
    return ((SharedFileSum) ring).averageLodged(parts, weight, loss);
  }

  /** Replaces {@code values} by the element-wise sum over every task of the stage. */
  public void sumInPlace(float[] values) {
    group.sumInPlace(member, values, ring);
  }

  /**
   * Rank 0 tells the driver how far the epoch is; best effort, never fails the training. The
   * first and the last round of an epoch always go, the others at most every
   * {@link #REPORT_EVERY_NANOS}: a message a round woke a driver thread about 90 times a second,
   * on the cores the tasks train on, for a console that prints a line every 5 seconds.
   */
  public void report(int round, int rounds, long examples, double meanLoss) {
    if (progress == null) {
      return;
    }
    long now = System.nanoTime();
    if (round > 1 && round < rounds && now - reportedAt < REPORT_EVERY_NANOS) {
      return;
    }
    reportedAt = now;
    try {
      progress.writeInt(round);
      progress.writeInt(rounds);
      progress.writeLong(examples);
      progress.writeDouble(meanLoss);
      progress.flush();
    } catch (IOException e) {
      // The driver only loses a progress line; the stage's result still reaches it.
    }
  }

  /**
   * Rank 0 hands the stage's result to the driver over its rendezvous connection and waits up to
   * {@code timeoutMillis} for the driver to confirm it kept it. In the driver's own JVM (local
   * mode) it hands the arrays over as they are, so the caller must not change them afterwards.
   *
   * @return whether the driver kept it; false on any other rank, when the exchange encrypts (the
   *     connection does not, so the result goes through Spark and its own encryption), when the
   *     driver did not open the stage for a handback, or on a broken connection: the caller then
   *     returns the result through Spark
   */
  public boolean handBack(Handback handback, int timeoutMillis) {
    if (progress == null || encrypted) {
      return false;
    }
    Rendezvous local = Rendezvous.inThisJvm(rendezvous);
    if (local != null) {
      return local.keepInProcess(label, handback);
    }
    try {
      progress.writeInt(Rendezvous.HANDBACK);
      handback.write(progress);
      coordinator.setSoTimeout(timeoutMillis);
      return coordinator.getInputStream().read() == Rendezvous.KEPT;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * In a stage that trains several epochs, tells the driver's {@link EpochGate} what the epoch
   * gave and waits up to {@code timeoutMillis} for the next epoch's orders: by a call where the
   * driver runs in this JVM, else over a connection of its own.
   *
   * @param maxFloats the most floats the orders' arrays may hold together (the state)
   * @throws ExchangeException when the driver ended the stage, cannot be reached, or does not
   *     answer in time; Spark's TaskKilledException when the task is killed meanwhile
   */
  public Handback next(EpochReport report, long maxFloats, int timeoutMillis) {
    Rendezvous local = Rendezvous.inThisJvm(rendezvous);
    if (local != null) {
      return nextInProcess(local, report, timeoutMillis);
    }
    Socket socket = null;
    try {
      socket = meet(rendezvous, me, key, timeoutMillis);
      DataOutputStream out = announce(socket, Rendezvous.NEXT, me);
      out.writeInt(rank);
      report.write(out);
      out.flush();
      BufferedInputStream answer = new BufferedInputStream(socket.getInputStream());
      awaitAnswer(socket, answer, rank, timeoutMillis,
          "the driver gave no orders for the next epoch");
      return Handback.read(new DataInputStream(answer), maxFloats);
    } catch (IOException e) {
      throw new ExchangeException("task " + rank + " could not get its next epoch's orders from "
          + "the driver at " + rendezvous + ": " + e, e);
    } finally {
      RingAllReduce.closeQuietly(socket);
    }
  }

  private Handback nextInProcess(Rendezvous local, EpochReport report, int timeoutMillis) {
    long start = System.nanoTime();
    EpochReport asked = report;
    while (true) {
      EpochGate gate = local.gateOf(label);
      if (gate == null) {
        throw new ExchangeException("task " + rank + ": the driver ended this stage (" + label
            + ") before the next epoch's orders");
      }
      try {
        Handback orders = gate.next(Rendezvous.attemptOf(label), rank, asked,
            TaskKills.SLICE_MILLIS);
        if (orders != null) {
          return orders;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExchangeException("task " + rank + ": interrupted while waiting for the next "
            + "epoch's orders", e);
      }
      asked = report.waiting();
      TaskKills.throwIfKilled();
      if ((System.nanoTime() - start) / 1_000_000 >= timeoutMillis) {
        throw new ExchangeException("task " + rank + ": the driver gave no orders for the next "
            + "epoch within " + timeoutMillis + " ms");
      }
    }
  }

  /** Marks the epoch done, so that closing does not break the other members' waits. */
  public void finished() {
    failed = false;
  }

  @Override
  public void close() {
    group.leave(failed);
    if (!failed && ring instanceof SharedFileSum file) {
      file.park();
    } else {
      RingAllReduce.closeQuietly(ring);
    }
    RingAllReduce.closeQuietly(coordinator);
  }

  /**
   * Which tasks share a JVM (same executor id), which of them leads it (the lowest rank), the
   * ring of leaders, in rank order, and whether every executor holds one task.
   */
  record Topology(int localMembers, int localMember, boolean leadsRing, int ringRank,
      List<String> ringAddresses, boolean oneTaskEach) {

    /** Whether every ring peer announced the same host, so a shared file may replace the ring. */
    boolean oneHost() {
      String first = host(ringAddresses.get(0));
      return ringAddresses.stream().allMatch(address -> host(address).equals(first));
    }

    private static String host(String hostPort) {
      return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    static Topology of(List<String> executors, List<String> addresses, int rank) {
      String mine = executors.get(rank);
      int localMembers = 0;
      int localMember = 0;
      List<String> leaders = new ArrayList<>();
      int ringRank = -1;
      for (int r = 0; r < executors.size(); r++) {
        if (executors.get(r).equals(mine)) {
          localMember = r < rank ? localMember + 1 : localMember;
          localMembers++;
        }
        if (executors.indexOf(executors.get(r)) == r) {
          if (r == rank) {
            ringRank = leaders.size();
          }
          leaders.add(addresses.get(r));
        }
      }
      return new Topology(localMembers, localMember, ringRank >= 0 && leaders.size() > 1,
          ringRank, leaders, leaders.size() == executors.size());
    }
  }
}
