package io.sparktrain.train.worker;

import io.sparktrain.train.replica.Replica;

/** A replica as it lives on its executor between tasks, with its shard's order for the epoch. */
final class Resident {

  private final Replica replica;
  private int orderEpoch = -1;
  private int[] order;

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
}
