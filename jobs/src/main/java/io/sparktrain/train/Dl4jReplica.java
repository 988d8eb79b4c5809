package io.sparktrain.train;

import io.sparktrain.train.replica.Replica;
import java.nio.FloatBuffer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a DL4J network's replica does the same whether the network is a stack or a graph: its
 * state moves through a {@link FlatState}, and its random numbers come from ND4J's generator.
 */
abstract class Dl4jReplica implements Replica {

  final FlatState flat;

  Dl4jReplica(FlatState flat) {
    this.flat = flat;
  }

  @Override
  public int stateLength() {
    return flat.length();
  }

  @Override
  public FloatBuffer[] stateViews() {
    return flat.views();
  }

  @Override
  public void writeState(float[] to) {
    flat.write(to);
  }

  @Override
  public void readState(float[] from) {
    flat.read(from);
  }

  /** ND4J's generator is per thread, and Spark reuses task threads. */
  @Override
  public void seedRandom(long seed) {
    Nd4j.getRandom().setSeed(seed);
  }
}
