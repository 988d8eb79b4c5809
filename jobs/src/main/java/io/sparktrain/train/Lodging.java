package io.sparktrain.train;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J network's state moved into memory it is given ({@link
 * io.sparktrain.train.replica.Replica#lodgeIn}): the flat parameter vector from offset 0, then
 * the updater's flat state, copied in, and ND4J arrays over where they now lie, which a network
 * built again takes as its own ({@code init(params, false)}, an updater made over the state).
 * ND4J's buffer over a pointer is "externalized": its deallocator leaves the memory alone, whose
 * owner must keep it while the network uses it.
 */
final class Lodging {

  /**
   * The arrays over the memory: the parameters, shaped [1, n] as DL4J keeps them, and the updater
   * state (null when the updater keeps none), rank 1, as DL4J's updater slices its blocks.
   */
  record Views(INDArray params, INDArray updaterState) {

    /** Where the updater state begins in the memory. */
    int updaterAt() {
      return Math.toIntExact(params.length());
    }
  }

  private Lodging() {}

  /** ND4J's CPU backend, whose arrays live in host memory as the mapping does. */
  private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

  /**
   * Floats the state needs (every parameter, frozen ones too, then the updater's state), or 0
   * where it cannot move: not in host memory (a GPU backend), or not runs of floats.
   */
  static int length(INDArray params, INDArray updaterState) {
    // The backend first: a view of a GPU backend's array could copy it to the host.
    if (!Nd4j.getBackend().getClass().getName().equals(CPU_BACKEND)
        || !FlatArrays.contiguousFloats(params)
        || (updaterState != null && !FlatArrays.contiguousFloats(updaterState))) {
      return 0;
    }
    return Math.toIntExact(params.length() + (updaterState == null ? 0 : updaterState.length()));
  }

  /** Copies {@code params} and {@code updaterState} (null for none) into {@code home}. */
  static Views copyInto(FloatBuffer home, INDArray params, INDArray updaterState) {
    int length = length(params, updaterState);
    if (length == 0) {
      throw new IllegalArgumentException("this network's state does not lie in host memory as "
          + "runs of floats: it cannot move");
    }
    if (!home.isDirect() || home.capacity() < length) {
      throw new IllegalArgumentException("a state of " + length + " floats cannot lodge in "
          + home.capacity() + (home.isDirect() ? "" : " floats of the Java heap"));
    }
    int paramCount = Math.toIntExact(params.length());
    home.put(0, FlatArrays.view(params), 0, paramCount);
    INDArray movedState = null;
    if (updaterState != null && updaterState.length() > 0) {
      int stateCount = Math.toIntExact(updaterState.length());
      home.put(paramCount, FlatArrays.view(updaterState), 0, stateCount);
      movedState = over(home, paramCount, stateCount, new long[] {stateCount});
    }
    return new Views(over(home, 0, paramCount, new long[] {1, paramCount}), movedState);
  }

  private static INDArray over(FloatBuffer memory, int at, int length, long[] shape) {
    FloatPointer pointer = new FloatPointer(memory.slice(at, length));
    DataBuffer buffer =
        Nd4j.createBuffer(pointer, DataType.FLOAT, length, FloatIndexer.create(pointer));
    return Nd4j.create(buffer, shape);
  }
}
