package io.sparktrain.exchange;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sum between executor JVMs that run on one host, through a file in shared memory
 * ({@code /dev/shm}) that each of them maps: every peer copies its vector into its own slot, adds
 * up one segment of the sum from all slots, and copies the whole sum back. No byte crosses a
 * socket, and every element is summed in rank order, so every peer ends with the same bits.
 *
 * <p>The peers agree on it over the TCP ring they have already formed ({@link #tryJoin}): each
 * proves it sees the others' random tokens in the same file, and that their processes are alive
 * in its own process namespace, or all of them keep the ring. The file's name derives from the
 * stage key, it is made readable by its owner only, and it is unlinked as soon as every peer has
 * it open, so that nothing is left behind when a JVM dies.
 *
 * <p>Peers meet at barriers on arrival counters in the file. A waiting peer looks, at least every
 * {@link TaskKills#SLICE_MILLIS}, at Spark's kill flag, at whether the peers it waits for have
 * left (a failed task closes its side) or died (their process is gone), and at the timeout: a
 * dead peer fails the others within a slice, as a closed socket does in the ring. A peer whose
 * own file is closed from another thread meanwhile fails at once; the file is unmapped only
 * when that sum has left it.
 *
 * <p>A peer's replica may keep its state in its own slot ({@link #lodge}): then the peers
 * average their states where they lie ({@link #averageLodged}), each its segment across every
 * slot, as {@link LocalGroup} does in one JVM, and nothing is copied into the file or out of it.
 * Such a slot outlives the file: only the collector unmaps it, once the replica lets it go.
 *
 * <p>A peer whose epoch ended well parks its file ({@link #park}) instead of closing it, and the
 * next epoch's {@link #tryJoin} takes it up again when every peer of the ring parked the same
 * file: making a new one each epoch took 20-40 ms on an executor, most of it the tmpfs pages of
 * the state's size allocated anew.
 */
public final class SharedFileSum implements PeerSum {

  /** Where executors on one Linux host share memory; where it is missing, the ring is kept. */
  public static final Path DEFAULT_DIR = Path.of("/dev/shm");

  private static final Logger LOG = LoggerFactory.getLogger(SharedFileSum.class);
  /** One cache line of header per peer, so that no two peers' counters share a line. */
  private static final int LINE = 64;
  private static final int TOKEN = 0;
  private static final int PID = 8;
  private static final int ARRIVED = 16;
  private static final int LEFT = 24;
  private static final int WEIGHT = 32;
  private static final int LOSS = 40;
  /** How the peer sums this round: {@link #SUMMING}, {@link #COPYING} or {@link #LODGED}. */
  private static final int HOW = 48;
  /** The length of what the peer sums or averages this round. */
  private static final int LENGTH = 56;
  private static final long SUMMING = 1;
  private static final long COPYING = 2;
  private static final long LODGED = 3;
  /** What {@link #SUMMING}, {@link #COPYING} and {@link #LODGED} do, for messages. */
  private static final String[] WAYS = {"", "sums", "averages through the file",
      "averages in its slot"};
  private static final int TOKEN_PARTS = 3;
  /** Floats added up at a time: small enough to stay in the core's cache. */
  private static final int CHUNK = 8192;
  /**
   * A waiting peer parks this long at a time once it has spun for {@link LocalGroup#SPIN_NANOS}
   * (a park of 50 microseconds lasted 125 on the 2-core VM of docs/performance.md).
   */
  private static final long PARK_NANOS = 50_000;
  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final SecureRandom RANDOM = new SecureRandom();
  /** 16-bit parts of a peer's barrier count, which must agree before a parked file is taken up. */
  private static final int GENERATION_PARTS = 3;
  /** The bits of {@link #uses}. */
  private static final int CLOSED = 1;
  private static final int ONE_USE = 2;
  /**
   * Files parked by peers whose epoch ended well, by {@link #parkingSlot}; guarded by itself. An
   * executor holds one peer of a ring, so one file of each shape; tests run every peer in one JVM.
   */
  private static final Map<String, SharedFileSum> PARKED = new HashMap<>();

  private final Path dir;
  /** The training the file serves; see {@link TaskExchange.Sharing#owner}. */
  private final String owner;
  private final int rank;
  private final int size;
  private final int length;
  private final int timeoutMillis;
  private final FileChannel channel;
  private final Mapped mapped;
  private final int[] bounds;
  private final float[] chunk = new float[CHUNK];
  private final float[] total = new float[CHUNK];
  private final FloatBuffer chunkView = FloatBuffer.wrap(chunk);
  private final FloatBuffer totalView = FloatBuffer.wrap(total);
  private final double[] weights;
  private final float[] shares;
  private long generation;
  /**
   * {@link #CLOSED} and twice the number of operations in progress: the file is unmapped by
   * whichever of {@link #close} and an operation leaves it last, so that closing from another
   * thread (a run that ends, a kill) never unmaps memory a waiting peer still reads.
   */
  private final AtomicInteger uses = new AtomicInteger();
  /**
   * Whether this peer's replica keeps its state in its slot ({@link #lodge}): then the slot is
   * never unmapped here, only by the collector once the replica no longer holds it.
   */
  private volatile boolean lodged;
  /** The peers' state parts in their slots, as {@link #averageLodged} was last given them. */
  private int[] lodgedParts;
  private FloatBuffer[][] lodgedViews;
  private int lodgedLength;

  private SharedFileSum(Path dir, String owner, int rank, int size, int length,
      int timeoutMillis, FileChannel channel, Mapped mapped) {
    this.dir = dir;
    this.owner = owner;
    this.rank = rank;
    this.size = size;
    this.length = length;
    this.timeoutMillis = timeoutMillis;
    this.channel = channel;
    this.mapped = mapped;
    this.bounds = RingAllReduce.segments(length, size);
    this.weights = new double[size];
    this.shares = new float[size];
  }

  /** The file's mappings: the peers' header lines, each peer's slot, and the sum. */
  private record Mapped(MappedByteBuffer header, MappedByteBuffer[] slotBytes,
      FloatBuffer[] slots, MappedByteBuffer sumBytes, FloatBuffer sum) {}

  /** The file's layout for {@code size} peers summing vectors of {@code length} floats. */
  private record Layout(int size, long stride) {

    static Layout of(int size, int length) {
      return new Layout(size, ((long) length * Float.BYTES + LINE - 1) / LINE * LINE);
    }

    long header() {
      return (long) size * LINE;
    }

    long slot(int peer) {
      return header() + peer * stride;
    }

    long sum() {
      return slot(size);
    }

    long total() {
      return sum() + stride;
    }
  }

  /**
   * Replaces {@code ring} by a shared file between the same peers when all of them can use one,
   * which they agree on with two sums over the ring. Every peer must call it with the same
   * arguments, in the same round of the ring.
   *
   * @param dir where the file is made (tests pass their own; {@link #DEFAULT_DIR} otherwise)
   * @param key the stage attempt's key, which the file's name derives from
   * @param length the length of every vector that will be summed
   * @param owner the training the file serves: only its own next epoch takes up the file once
   *     parked ({@link #park})
   * @return the shared file, or null for every peer when any of them cannot take part (no such
   *     directory, not enough room in it, another mount namespace, another process namespace):
   *     the caller keeps the ring
   */
  public static SharedFileSum tryJoin(RingAllReduce ring, int rank, int size, Path dir,
      byte[] key, int length, String owner, int timeoutMillis) {
    SharedFileSum parked = takeUpParked(ring, rank, size, dir, length, owner);
    if (parked != null) {
      return parked;
    }
    Layout layout = Layout.of(size, length);
    Path path = dir.resolve("sparktrain-" + HexFormat.of().formatHex(
        Handshake.hmac(key, "sparktrain-shared-file", new byte[0]), 0, 16));
    long token = RANDOM.nextLong() & 0xffff_ffff_ffffL;
    FileChannel channel = open(path, layout, rank, token);
    Mapped mapped = null;
    boolean joined = false;
    try {
      float[] tokens = new float[TOKEN_PARTS * size + 1];
      split(token, tokens, TOKEN_PARTS * rank, TOKEN_PARTS);
      tokens[TOKEN_PARTS * size] = channel == null ? 0 : 1;
      ring.sumInPlace(tokens);
      if (tokens[TOKEN_PARTS * size] == size) {
        mapped = mapIfShared(channel, layout, length, rank, tokens);
      }
      float[] verdict = {mapped == null ? 0 : 1};
      ring.sumInPlace(verdict);
      joined = verdict[0] == size;
      return joined ? new SharedFileSum(dir, owner, rank, size, length, timeoutMillis, channel,
          mapped) : null;
    } finally {
      if (!joined) {
        release(mapped, -1);
        closeQuietly(channel);
      }
      unlink(path);
    }
  }

  /**
   * The file this peer parked at the end of its last epoch, when every peer of the ring parked
   * the same one: each offers its own token and barrier count over the ring, and each checks the
   * offers against the header lines in its mapping, that no peer has left, and that their
   * processes are alive. Null for every peer when any of them has nothing to offer or sees
   * another file; a parked file that is not taken up is closed.
   */
  private static SharedFileSum takeUpParked(RingAllReduce ring, int rank, int size, Path dir,
      int length, String owner) {
    SharedFileSum parked;
    synchronized (PARKED) {
      parked = PARKED.remove(parkingSlot(dir, owner, size, rank, length));
    }
    int parts = TOKEN_PARTS + GENERATION_PARTS;
    float[] offers = new float[parts * size + 1];
    // A parked file closed meanwhile (a run that ended) is not read: its memory may be gone.
    if (parked != null && !parked.tryEnter()) {
      parked = null;
    }
    if (parked != null) {
      long token = parked.mapped.header().getLong(rank * LINE + TOKEN);
      split(token, offers, parts * rank, TOKEN_PARTS);
      split(parked.generation, offers, parts * rank + TOKEN_PARTS, GENERATION_PARTS);
      offers[parts * size] = 1;
    }
    boolean takenUp = false;
    try {
      ring.sumInPlace(offers);
      // Every peer sees the same count: when anyone has nothing to offer, all make a new file.
      boolean everyoneOffers = offers[parts * size] == size;
      float[] verdict = {everyoneOffers && parked.sameFile(offers) ? 1 : 0};
      if (everyoneOffers) {
        ring.sumInPlace(verdict);
      }
      takenUp = verdict[0] == size;
      return takenUp ? parked : null;
    } finally {
      // Not taken up, or the ring failed meanwhile: the file's memory goes back to the host now.
      if (parked != null) {
        if (!takenUp) {
          parked.close();
        }
        parked.leave();
      }
    }
  }

  /** Whether every peer's offer names this file's header line and this peer's barrier count. */
  private boolean sameFile(float[] offers) {
    int parts = TOKEN_PARTS + GENERATION_PARTS;
    MappedByteBuffer header = mapped.header();
    for (int peer = 0; peer < size; peer++) {
      long pid = header.getLong(peer * LINE + PID);
      if (header.getLong(peer * LINE + TOKEN) != join(offers, parts * peer, TOKEN_PARTS)
          || join(offers, parts * peer + TOKEN_PARTS, GENERATION_PARTS) != generation
          || (long) LONGS.getAcquire(header, peer * LINE + LEFT) != 0
          || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return false;
      }
    }
    return true;
  }

  /** Writes the low {@code parts} 16-bit parts of {@code value} as floats, which sum exactly. */
  private static void split(long value, float[] into, int at, int parts) {
    for (int part = 0; part < parts; part++) {
      into[at + part] = (value >>> (16 * part)) & 0xffff;
    }
  }

  private static long join(float[] from, int at, int parts) {
    long value = 0;
    for (int part = 0; part < parts; part++) {
      value |= (long) from[at + part] << (16 * part);
    }
    return value;
  }

  /**
   * Where a peer of this rank, in a ring of this size summing this length for this owner, parks
   * its file. The owner is part of it since a replica may live in the file's slot: another
   * training of the same shape must never take it up.
   */
  private static String parkingSlot(Path dir, String owner, int size, int rank, int length) {
    return shape(dir, owner, size, length) + "#" + rank;
  }

  private static String shape(Path dir, String owner, int size, int length) {
    return dir.toAbsolutePath() + "/" + owner + "/" + size + "/" + length;
  }

  /**
   * Keeps the file mapped for the next epoch of the same ring instead of closing it: only after
   * an epoch that ended well (a failed task closes its file, which fails the peers that wait). A
   * file of another shape parked before is closed: a run that ended leaves at most one behind.
   */
  public void park() {
    if (closing()) {
      return;
    }
    String shape = shape(dir, owner, size, length);
    synchronized (PARKED) {
      PARKED.entrySet().removeIf(parked -> {
        boolean other = !parked.getKey().startsWith(shape + "#");
        if (other) {
          parked.getValue().close();
        }
        return other;
      });
      SharedFileSum previous = PARKED.put(parkingSlot(dir, owner, size, rank, length), this);
      if (previous != null && previous != this) {
        previous.close();
      }
    }
  }

  /**
   * Closes every file parked in this JVM, when a run ends: a parked file holds the host's memory
   * (the state's size, once per peer and once more) that only an epoch of the same ring uses.
   */
  public static void closeParked() {
    synchronized (PARKED) {
      PARKED.values().forEach(SharedFileSum::close);
      PARKED.clear();
    }
  }

  /** Every peer holds the file open once they agreed: its name is no longer needed. */
  private static void unlink(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not unlink the exchange's shared file {}: {}", path, e.toString());
    }
  }

  /**
   * Opens (or creates) the file and writes this peer's header line and zeros over its own slot
   * and segment of the sum, through the channel rather than the mapping: a full tmpfs then fails
   * here with an IOException instead of killing the JVM with SIGBUS at the first store.
   *
   * @return the open channel, or null when this peer cannot take part
   */
  private static FileChannel open(Path path, Layout layout, int rank, long token) {
    if (!Files.isDirectory(path.getParent()) || layout.stride() > Integer.MAX_VALUE) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      long sumStart = layout.sum() + (long) rank * layout.stride() / layout.size();
      long sumEnd = layout.sum() + (long) (rank + 1) * layout.stride() / layout.size();
      long needed = layout.stride() + (sumEnd - sumStart) + LINE;
      if (Files.getFileStore(path.getParent()).getUsableSpace() < needed) {
        LOG.info("{} has less than the {} bytes free that the exchange needs: the ring is kept",
            path.getParent(), needed);
        closeQuietly(channel);
        return null;
      }
      ByteBuffer line = ByteBuffer.allocate(LINE).order(ByteOrder.nativeOrder());
      line.putLong(TOKEN, token).putLong(PID, ProcessHandle.current().pid());
      writeFully(channel, line, (long) rank * LINE);
      zero(channel, layout.slot(rank), layout.stride());
      zero(channel, sumStart, sumEnd - sumStart);
      return channel;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("the exchange's shared file {} is not usable here ({}): the ring is kept", path,
          e.toString());
      closeQuietly(channel);
      return null;
    }
  }

  private static void zero(FileChannel channel, long from, long bytes) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(bytes, 1 << 20));
    for (long at = from; at < from + bytes; at += zeros.capacity()) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), from + bytes - at));
      writeFully(channel, zeros, at);
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes, long at)
      throws IOException {
    long position = at;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /**
   * Maps the file when it holds every peer's token (the same file, not a namesake in another
   * mount namespace) and every peer's process is alive in this one (so a dead peer can be told).
   */
  private static Mapped mapIfShared(FileChannel channel, Layout layout, int length, int rank,
      float[] tokens) {
    Mapped mapped = null;
    try {
      if (channel.size() < layout.total()) {
        return null;
      }
      MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, layout.header());
      header.order(ByteOrder.nativeOrder());
      MappedByteBuffer[] slotBytes = new MappedByteBuffer[layout.size()];
      FloatBuffer[] slots = new FloatBuffer[layout.size()];
      for (int peer = 0; peer < layout.size(); peer++) {
        slotBytes[peer] = channel.map(FileChannel.MapMode.READ_WRITE, layout.slot(peer),
            (long) length * Float.BYTES);
        slots[peer] = slotBytes[peer].order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
      MappedByteBuffer sumBytes = channel.map(FileChannel.MapMode.READ_WRITE, layout.sum(),
          (long) length * Float.BYTES);
      mapped = new Mapped(header, slotBytes, slots, sumBytes,
          sumBytes.order(ByteOrder.nativeOrder()).asFloatBuffer());
      for (int peer = 0; peer < layout.size(); peer++) {
        long token = join(tokens, TOKEN_PARTS * peer, TOKEN_PARTS);
        boolean alive = ProcessHandle.of(header.getLong(peer * LINE + PID))
            .map(ProcessHandle::isAlive).orElse(false);
        if (header.getLong(peer * LINE + TOKEN) != token || !alive) {
          LOG.info("ring peer {} is not on this host's shared memory as ring peer {} sees it: "
              + "the ring is kept", peer, rank);
          release(mapped, -1);
          return null;
        }
      }
      return mapped;
    } catch (IOException e) {
      LOG.info("could not map the exchange's shared file ({}): the ring is kept", e.toString());
      release(mapped, -1);
      return null;
    }
  }

  @Override
  public void sumInPlace(float[] values) {
    if (values.length > length) {
      throw new IllegalArgumentException("the shared file sums vectors of up to " + length
          + " floats, got " + values.length);
    }
    enter();
    try {
      sumMapped(values);
    } finally {
      leave();
    }
  }

  private void sumMapped(float[] values) {
    FloatBuffer[] slots = mapped.slots();
    slots[rank].put(0, values);
    int[] bounds = values.length == length ? this.bounds
        : RingAllReduce.segments(values.length, size);
    announce(0, 0, SUMMING, values.length);
    await();
    checkEveryPeer(SUMMING, values.length);
    for (int at = bounds[rank]; at < bounds[rank + 1]; at += CHUNK) {
      int n = Math.min(CHUNK, bounds[rank + 1] - at);
      slots[0].get(at, total, 0, n);
      for (int peer = 1; peer < size; peer++) {
        slots[peer].get(at, chunk, 0, n);
        for (int i = 0; i < n; i++) {
          total[i] += chunk[i];
        }
      }
      mapped.sum().put(at, total, 0, n);
    }
    // Nobody reads the sum before every segment of it is written; the next round's slots are
    // written only after this barrier, when every peer is done reading this round's.
    await();
    mapped.sum().get(0, values);
  }

  /**
   * The example-weighted average of every peer's state ({@link ExampleWeightedSum}'s rule, by
   * shares, as {@link LocalGroup#averageInPlace} makes it in one JVM), written into this peer's
   * state: the state goes from the replica's native memory into the file and back, without a
   * Java array between, all but this peer's own segment, which it averages where it lies.
   *
   * @param state this peer's state as flat views, laid out alike in every peer, at most the
   *     length the file was made for
   * @param weight examples this peer trained on in the round
   * @param loss its summed loss over them
   * @return the examples and the summed loss over all peers
   */
  public RoundTotals averageInPlace(FloatBuffer[] state, double weight, double loss) {
    int stateLength = 0;
    for (FloatBuffer part : state) {
      stateLength += part.capacity();
    }
    if (stateLength > length) {
      throw new IllegalArgumentException("the shared file holds states of up to " + length
          + " floats, got " + stateLength);
    }
    enter();
    try {
      return averageMapped(state, stateLength, weight, loss);
    } finally {
      leave();
    }
  }

  private RoundTotals averageMapped(FloatBuffer[] state, int stateLength, double weight,
      double loss) {
    announce(weight, loss, COPYING, stateLength);
    FloatBuffer[] slots = mapped.slots();
    int[] segments = RingAllReduce.segments(stateLength, size);
    int mineFrom = segments[rank];
    int mineTo = segments[rank + 1];
    // Only what the others average goes into the file: this peer averages its own segment
    // reading its own state where it lies, and writes the average straight back there. That is
    // a quarter less memory traffic a round than copying the whole state in and out, and the
    // same shares added in the same order, so the same bits.
    copy(state, 0, mineFrom, slots[rank], 0, true);
    copy(state, mineTo, stateLength, slots[rank], mineTo, true);
    await();
    RoundTotals totals = shareOut(COPYING, stateLength);
    for (int from = mineFrom; from < mineTo; from += CHUNK) {
      int n = Math.min(CHUNK, mineTo - from);
      for (int peer = 0; peer < size; peer++) {
        if (peer == rank) {
          copy(state, from, from + n, chunkView, 0, true);
        } else {
          slots[peer].get(from, chunk, 0, n);
        }
        ExampleWeightedSum.addShare(total, chunk, n, shares[peer], peer == 0);
      }
      mapped.sum().put(from, total, 0, n);
      copy(state, from, from + n, totalView, 0, false);
    }
    await();
    copy(state, 0, mineFrom, mapped.sum(), 0, false);
    copy(state, mineTo, stateLength, mapped.sum(), mineTo, false);
    return totals;
  }

  /** Floats in each peer's slot: the length the file was made for. */
  public int slotLength() {
    return length;
  }

  /**
   * This peer's slot, for its replica to keep its state in (parameters and updater state), so
   * that {@link #averageLodged} averages the peers' states where they lie, as {@link LocalGroup}
   * does in one JVM, with no copy into the file or out of it. From this call on the slot is
   * never unmapped here: it stays mapped while the buffer returned is reachable (the replica
   * holds it), whatever becomes of the file.
   *
   * @return {@code length} floats, the same buffer at every call
   */
  public FloatBuffer lodge() {
    lodged = true;
    return mapped.slots()[rank];
  }

  /**
   * The example-weighted average of every peer's state, written into every peer's state, where
   * each peer's replica keeps its state in its slot ({@link #lodge}): this peer averages its
   * segment of the state reading and writing every slot in place. The same shares added in the
   * same order as {@link #averageInPlace}, so the same bits.
   *
   * @param parts where the state lies in a slot, alike in every peer: offset and length of each
   *     part, laid end to end
   * @param weight examples this peer trained on in the round
   * @param loss its summed loss over them
   * @return the examples and the summed loss over all peers
   */
  public RoundTotals averageLodged(int[] parts, double weight, double loss) {
    if (!lodged) {
      throw new IllegalStateException("no replica lodges in shared-memory peer " + rank
          + "'s slot");
    }
    enter();
    try {
      FloatBuffer[][] views = lodgedViews(parts);
      int stateLength = lodgedLength;
      announce(weight, loss, LODGED, stateLength);
      // Every peer's steps have written its slot before it arrives.
      await();
      RoundTotals totals = shareOut(LODGED, stateLength);
      int[] segments = RingAllReduce.segments(stateLength, size);
      ExampleWeightedSum.averageSlice(views, segments[rank], segments[rank + 1], shares, chunk,
          total);
      // No peer may step on its state before every segment of it is written.
      await();
      return totals;
    } finally {
      leave();
    }
  }

  /**
   * Writes this peer's round into its header line: its examples and loss, how it sums and how
   * many floats.
   */
  private void announce(double weight, double loss, long how, int floats) {
    MappedByteBuffer header = mapped.header();
    header.putDouble(rank * LINE + WEIGHT, weight);
    header.putDouble(rank * LINE + LOSS, loss);
    header.putLong(rank * LINE + HOW, how);
    header.putLong(rank * LINE + LENGTH, floats);
  }

  /**
   * Once every peer has arrived: each peer's share of the average into {@link #shares}, and the
   * round's examples and loss over all peers; fails when a peer averages another way.
   */
  private RoundTotals shareOut(long how, int floats) {
    checkEveryPeer(how, floats);
    MappedByteBuffer header = mapped.header();
    double totalLoss = 0;
    for (int peer = 0; peer < size; peer++) {
      weights[peer] = header.getDouble(peer * LINE + WEIGHT);
      totalLoss += header.getDouble(peer * LINE + LOSS);
    }
    return new RoundTotals(ExampleWeightedSum.shares(weights, shares), totalLoss);
  }

  /**
   * Fails when a peer sums another way this round (its replica lodged in its slot while this
   * one's did not, a sum where this peer averages) or another length: they would read and write
   * different places, and the result would be wrong without a word.
   */
  private void checkEveryPeer(long how, int floats) {
    MappedByteBuffer header = mapped.header();
    for (int peer = 0; peer < size; peer++) {
      long theirs = header.getLong(peer * LINE + HOW);
      long theirLength = header.getLong(peer * LINE + LENGTH);
      if (theirs != how || theirLength != floats) {
        throw new ExchangeException("shared-memory peer " + rank + " of " + size + " "
            + WAYS[(int) how] + " " + floats + " floats while peer " + peer + " "
            + (theirs > 0 && theirs < WAYS.length ? WAYS[(int) theirs] : "does neither") + " "
            + theirLength + " (the executors' settings differ?)");
      }
    }
  }

  /**
   * Every peer's state parts as views of its slot, and their total length, made once for the
   * parts given.
   */
  private FloatBuffer[][] lodgedViews(int[] parts) {
    if (parts != lodgedParts) {
      FloatBuffer[][] views = new FloatBuffer[size][parts.length / 2];
      int stateLength = 0;
      for (int i = 1; i < parts.length; i += 2) {
        stateLength += parts[i];
      }
      for (int peer = 0; peer < size; peer++) {
        for (int i = 0; i < parts.length / 2; i++) {
          int at = parts[2 * i];
          int n = parts[2 * i + 1];
          if (at < 0 || n < 0 || at + n > length) {
            throw new IllegalArgumentException("state part " + i + " [" + at + ", " + (at + n)
                + ") lies outside the shared file's slots of " + length + " floats");
          }
          views[peer][i] = mapped.slots()[peer].slice(at, n);
        }
      }
      lodgedViews = views;
      lodgedLength = stateLength;
      lodgedParts = parts;
    }
    return lodgedViews;
  }

  /**
   * Copies floats {@code [from, to)} of the state (its parts laid end to end) into {@code other}
   * from its offset {@code otherAt}, or, when {@code intoOther} is false, from there into the
   * state.
   */
  private static void copy(FloatBuffer[] state, int from, int to, FloatBuffer other, int otherAt,
      boolean intoOther) {
    int partStart = 0;
    for (FloatBuffer part : state) {
      int partEnd = partStart + part.capacity();
      int lo = Math.max(from, partStart);
      int hi = Math.min(to, partEnd);
      if (lo < hi) {
        int at = otherAt + lo - from;
        if (intoOther) {
          other.put(at, part, lo - partStart, hi - lo);
        } else {
          part.put(lo - partStart, other, at, hi - lo);
        }
      }
      partStart = partEnd;
    }
  }

  /** Waits until every peer has arrived at this barrier. */
  private void await() {
    // A peer closed from another thread arrives nowhere more: its peers see it leave, not arrive.
    if (closing()) {
      throw closedWhile("it summed");
    }
    long target = ++generation;
    MappedByteBuffer header = mapped.header();
    LONGS.setRelease(header, rank * LINE + ARRIVED, target);
    long start = System.nanoTime();
    long nextLook = start + TaskKills.SLICE_MILLIS * 1_000_000L;
    // Unlike LocalGroup's members, the peers are other JVMs with task slots, and so cores, of
    // their own (a pinned executor sees one core: counting cores here would never spin).
    long spinUntil = start + LocalGroup.SPIN_NANOS;
    for (int peer = 0; peer < size; peer++) {
      while ((long) LONGS.getAcquire(header, peer * LINE + ARRIVED) < target) {
        if (closing()) {
          throw closedWhile("it waited for peer " + peer);
        }
        // A peer leaves after its last arrival: look at its arrival again once it has left.
        if ((long) LONGS.getAcquire(header, peer * LINE + LEFT) != 0
            && (long) LONGS.getAcquire(header, peer * LINE + ARRIVED) < target) {
          throw new ExchangeException("shared-memory peer " + rank + " of " + size + ": peer "
              + peer + " left the exchange (its task failed or was killed)");
        }
        long now = System.nanoTime();
        if (now < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(PARK_NANOS);
        }
        if (now >= nextLook) {
          look(peer, start, now);
          nextLook = now + TaskKills.SLICE_MILLIS * 1_000_000L;
        }
      }
    }
  }

  private void look(int peer, long start, long now) {
    TaskKills.throwIfKilled();
    long pid = mapped.header().getLong(peer * LINE + PID);
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      throw new ExchangeException("shared-memory peer " + rank + " of " + size + ": peer " + peer
          + "'s process " + pid + " is gone");
    }
    if ((now - start) / 1_000_000 >= timeoutMillis) {
      throw new ExchangeException("shared-memory peer " + rank + " of " + size + ": peer " + peer
          + " did not reach the exchange within " + timeoutMillis + " ms (is it alive?)");
    }
  }

  /**
   * Marks this peer as gone, which fails any peer still waiting for it, and unmaps the file; from
   * another thread while this peer sums, the sum fails at its next barrier (or while it waits
   * there) and unmaps the file as it leaves.
   */
  @Override
  public void close() {
    int before = uses.getAndUpdate(u -> (u & CLOSED) != 0 ? u : (u + ONE_USE) | CLOSED);
    if ((before & CLOSED) != 0) {
      return;
    }
    LONGS.setRelease(mapped.header(), rank * LINE + LEFT, 1L);
    leave();
  }

  private boolean closing() {
    return (uses.get() & CLOSED) != 0;
  }

  private ExchangeException closedWhile(String doing) {
    return new ExchangeException("shared-memory peer " + rank + " of " + size
        + ": its file was closed while " + doing);
  }

  private void enter() {
    if (!tryEnter()) {
      throw new IllegalStateException("the shared file is closed");
    }
  }

  private boolean tryEnter() {
    return (uses.getAndUpdate(u -> (u & CLOSED) != 0 ? u : u + ONE_USE) & CLOSED) == 0;
  }

  /** Whether the file is still mapped and open here: until the last use of a closed one ends. */
  boolean isOpen() {
    return channel.isOpen();
  }

  /** The last to leave a closed file unmaps it; only one can, as nobody enters once it closed. */
  private void leave() {
    if (uses.addAndGet(-ONE_USE) == CLOSED) {
      release(mapped, lodged ? rank : -1);
      closeQuietly(channel);
    }
  }

  /**
   * Unmaps at once rather than when the collector finds the buffers: the file's memory (the
   * state's size, once per peer and once more) is the host's RAM, and an epoch makes a new one.
   * The slot a replica lodges in ({@code kept}; -1 for none) is left to the collector: the
   * replica's network reads and writes it until the replica lets it go.
   */
  private static void release(Mapped mapped, int kept) {
    if (mapped == null) {
      return;
    }
    Unmapper.unmap(mapped.header());
    for (int peer = 0; peer < mapped.slotBytes().length; peer++) {
      if (peer != kept) {
        Unmapper.unmap(mapped.slotBytes()[peer]);
      }
    }
    Unmapper.unmap(mapped.sumBytes());
  }

  private static void closeQuietly(FileChannel channel) {
    RingAllReduce.closeQuietly(channel);
  }

  /** The JDK's own way to unmap a buffer now, through {@code sun.misc.Unsafe.invokeCleaner}. */
  private static final class Unmapper {

    private static final Object UNSAFE = unsafe();

    static void unmap(ByteBuffer buffer) {
      if (UNSAFE == null || buffer == null) {
        return;
      }
      try {
        UNSAFE.getClass().getMethod("invokeCleaner", ByteBuffer.class).invoke(UNSAFE, buffer);
      } catch (ReflectiveOperationException e) {
        // Left to the collector.
      }
    }

    private static Object unsafe() {
      try {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return field.get(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
