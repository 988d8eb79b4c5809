package io.sparktrain.exchange;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tasks of one averaging exchange that run in the same JVM (every task in local mode, or the
 * cores of one executor): they sum their vectors through shared memory, each member adding up one
 * slice, and only their leader (member 0) joins the TCP ring with the other executors. This is
 * the same split as NCCL inside a node and a ring between nodes.
 */
public final class LocalGroup {

  private static final Map<String, LocalGroup> GROUPS = new ConcurrentHashMap<>();
  /** Floats averaged at a time: small enough to stay in the core's cache. */
  private static final int CHUNK = 8192;
  /**
   * How long a task that reached a round's barrier first spins before it parks, here and in
   * {@link SharedFileSum}: in a steady epoch the other arrives within a fraction of a millisecond,
   * and a parked thread wakes late (a 50 us park lasted 125 us on the 2-core VM), twice a round.
   */
  static final long SPIN_NANOS = 500_000;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final String key;
  private final int members;
  private final float[][] vectors;
  private final FloatBuffer[][] views;
  private final double[] weights;
  private final double[] losses;
  private final Scratch[] scratches;
  private final Phaser phaser;
  private final int timeoutMillis;
  private int left;
  private volatile boolean abandoned;

  private LocalGroup(String key, int members, int timeoutMillis) {
    this.key = key;
    this.members = members;
    this.vectors = new float[members][];
    this.views = new FloatBuffer[members][];
    this.weights = new double[members];
    this.losses = new double[members];
    this.scratches = new Scratch[members];
    this.phaser = new Phaser(members);
    this.timeoutMillis = timeoutMillis;
  }

  /** The group called {@code key} (unique per run, epoch, stage attempt and executor). */
  public static LocalGroup join(String key, int members, int timeoutMillis) {
    return GROUPS.computeIfAbsent(key, k -> new LocalGroup(k, members, timeoutMillis));
  }

  /**
   * Replaces {@code values} by the sum over all members and, through {@code ring} (the leader's
   * sum with the other executors; null for the other members, and when this JVM holds every
   * task), over all executors.
   */
  public void sumInPlace(int member, float[] values, PeerSum ring) {
    if (members == 1) {
      if (ring != null) {
        ring.sumInPlace(values);
      }
      return;
    }
    vectors[member] = values;
    await(member);
    int[] bounds = RingAllReduce.segments(values.length, members);
    float[] sum = vectors[0];
    for (int i = bounds[member]; i < bounds[member + 1]; i++) {
      float total = sum[i];
      for (int m = 1; m < members; m++) {
        total += vectors[m][i];
      }
      sum[i] = total;
    }
    await(member);
    if (member == 0 && ring != null) {
      ring.sumInPlace(sum);
    }
    await(member);
    if (member != 0) {
      System.arraycopy(sum, 0, values, 0, values.length);
    }
    // The leader must not overwrite its vector with the next round's state before all have read.
    await(member);
  }

  /** Members of the group: the stage's tasks in this JVM. */
  public int size() {
    return members;
  }

  /**
   * The example-weighted average ({@link ExampleWeightedSum}'s rule, by shares) of every member's
   * state, written into every member's state in place, when this JVM holds every task of the
   * exchange: each member averages one slice of the state straight from and into the replicas'
   * native memory, a chunk at a time.
   *
   * @param state this member's state as flat views (parameters, then updater state), laid out
   *     alike in every member
   * @param weight examples this member trained on in the round
   * @param loss its summed loss over them
   * @return the examples and the summed loss over all members
   */
  public RoundTotals averageInPlace(int member, FloatBuffer[] state, double weight, double loss) {
    views[member] = state;
    weights[member] = weight;
    losses[member] = loss;
    await(member);
    Scratch scratch = scratch(member);
    double totalWeight = ExampleWeightedSum.shares(weights, scratch.shares);
    double totalLoss = 0;
    for (double l : losses) {
      totalLoss += l;
    }
    int length = 0;
    for (FloatBuffer part : state) {
      length += part.capacity();
    }
    int[] bounds = RingAllReduce.segments(length, members);
    ExampleWeightedSum.averageSlice(views, bounds[member], bounds[member + 1], scratch.shares,
        scratch.chunk, scratch.mean);
    // No member may train on its state before every slice of it is written.
    await(member);
    return new RoundTotals(totalWeight, totalLoss);
  }

  /** A member's working arrays, made at its first average and reused every round after. */
  private Scratch scratch(int member) {
    if (scratches[member] == null) {
      scratches[member] = new Scratch(new float[members], new float[CHUNK], new float[CHUNK]);
    }
    return scratches[member];
  }

  private record Scratch(float[] shares, float[] chunk, float[] mean) {}

  /** Leaves the group; a member that leaves because it failed breaks the others' waits at once. */
  public void leave(boolean failed) {
    if (failed) {
      abandoned = true;
      phaser.forceTermination();
    }
    synchronized (this) {
      if (++left == members || failed) {
        GROUPS.remove(key, this);
      }
    }
  }

  /** Waits for every member, looking at Spark's kill flag and at the others' failures meanwhile. */
  private void await(int member) {
    int phase = phaser.arrive();
    long start = System.nanoTime();
    // More members than cores would spin on the cores that the last ones need to arrive.
    long spinUntil = members <= CORES ? start + SPIN_NANOS : start;
    for (int spins = 1; phase >= 0 && phaser.getPhase() == phase; spins++) {
      Thread.onSpinWait();
      if ((spins & 63) == 0 && System.nanoTime() > spinUntil) {
        break;
      }
    }
    while (true) {
      if (abandoned || phase < 0) {
        throw new ExchangeException(
            "local peer " + member + ": another task of this exchange failed");
      }
      try {
        if (phaser.awaitAdvanceInterruptibly(phase, TaskKills.SLICE_MILLIS,
            TimeUnit.MILLISECONDS) < 0) {
          phase = -1;
          continue;
        }
        return;
      } catch (TimeoutException e) {
        TaskKills.throwIfKilled();
        if ((System.nanoTime() - start) / 1_000_000 >= timeoutMillis) {
          throw new ExchangeException("local peer " + member + ": the other tasks in this JVM did "
              + "not reach the exchange within " + timeoutMillis + " ms", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExchangeException("local peer " + member + " interrupted", e);
      }
    }
  }
}
