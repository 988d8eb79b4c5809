package io.sparktrain.train.worker;

import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.replica.StateDigest;
import java.util.function.Supplier;

/**
 * A replica as it lives on its executor between tasks, with its shard's order for the epoch and
 * the digest of the state it ended its last epoch with (or was built with).
 */
final class Resident {

  private final Replica replica;
  private int orderEpoch = -1;
  private int[] order;
  private long held = StateDigest.NONE;
  /**
   * The replica holds a known state (as built, or as an epoch ended it) whose digest is not taken
   * yet: {@link #held} takes it when first asked.
   */
  private boolean digestDue = true;
  /** This partition's slices of the evaluation splits, and the {@link SliceScorer#id} of them. */
  private String slicesId;
  private Object slices;

  /**
   * A replica just built, holding the state it was built with. When that is the state the first
   * epoch starts from (a run's fresh start: the starting parameters, the updater's state as it
   * begins, the stored iteration) the task goes on from it instead of fetching the stage's
   * broadcast and copying it in, which on a cluster cost the first epoch 0.05-0.2 s
   * (docs/performance.md). Its digest is taken through the state's views, when first asked for:
   * engine v1's tasks, which always load, never pay for it.
   */
  Resident(Replica replica) {
    this.replica = replica;
  }

  Replica replica() {
    return replica;
  }

  /** This epoch's visiting order of the shard, computed once per epoch from the derived seed. */
  int[] order(int epoch, long jobSeed, int partition, boolean shuffle) {
    if (orderEpoch != epoch) {
      order = EpochOrder.of(replica.shardSize(), Seeds.shuffle(jobSeed, epoch, partition), shuffle);
      orderEpoch = epoch;
    }
    return order;
  }

  /**
   * Whether the replica still holds the state with this digest, as an epoch ended it. Forgets it
   * either way: whatever the task does next (train, fail half-way) changes the state.
   */
  boolean startsFrom(long digest) {
    boolean holds = digest != StateDigest.NONE && held() == digest;
    forget();
    return holds;
  }

  /** The replica's state is about to change other than by an epoch of its own. */
  void forget() {
    held = StateDigest.NONE;
    digestDue = false;
  }

  /**
   * The digest of the state the replica holds as an epoch ended it or as it was built;
   * {@link StateDigest#NONE}.
   */
  long held() {
    if (digestDue) {
      held = StateDigest.of(replica.stateViews(), replica.iteration());
      digestDue = false;
    }
    return held;
  }

  /**
   * The slices the scorer {@code id} scores, made once; those of an earlier scorer are dropped
   * (a run evaluates one set of splits at a time).
   */
  synchronized Object slices(String id, Supplier<Object> make) {
    if (!id.equals(slicesId)) {
      // Dropped before the new ones are read: both need not fit in memory at once.
      slices = null;
      slices = make.get();
      slicesId = id;
    }
    return slices;
  }

  /**
   * The replica ends an epoch holding the state the driver goes on from. Its digest is taken when
   * asked (a kept stage's report, after rank 0 has handed the outcome back and scored; a stage
   * an epoch's next task), not between the last round and the handback, where rank 0 took it
   * before the driver had the outcome.
   */
  void ended() {
    held = StateDigest.NONE;
    digestDue = true;
  }
}
