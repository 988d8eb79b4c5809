package io.sparktrain.train.worker;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.Replica;
import java.io.Serializable;
import java.util.Iterator;
import scala.Tuple2;

/**
 * How the tasks of a several-epoch barrier stage score the replica they trained on their slices
 * of the evaluation splits, after every epoch, so that the driver needs no evaluation job (and no
 * task slots) between epochs. The driver's engine makes one per evaluation and merges the scores.
 */
public interface SliceScorer extends Serializable {

  /** Unique per evaluation: keys the slices a replica keeps between stages. */
  String id();

  /**
   * A task's slices of the splits, made once per replica and kept with it.
   *
   * @param examples the task's examples of every split, each tagged with its split's index
   */
  Object slices(Iterator<Tuple2<Integer, Example>> examples);

  /** The replica's scores on {@code slices} (what {@link #slices} made), serialised. */
  byte[] score(Replica replica, Object slices);
}
