package io.sparktrain.train.fused;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lanes of an updater block's state that one vector of the pass covers: a rule reads and
 * writes its state slots (Adam's m and v, say) through here. DL4J lays a block's state out slot
 * after slot, each as long as the block, so slot {@code k} of element {@code i} is at
 * {@code (k * blockLength + i)} floats from the block's start.
 */
final class Lanes {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private final ByteBuffer state;
  /** Byte offset of slot 0 of the current lanes. */
  private int at;
  /** Bytes from one slot to the next: the block's length in floats, times 4. */
  private int slotBytes;
  /** Which lanes are in range; null when all are. */
  private VectorMask<Float> mask;

  Lanes(ByteBuffer state) {
    this.state = state;
  }

  void moveTo(int byteOffset, int slotBytes, VectorMask<Float> mask) {
    this.at = byteOffset;
    this.slotBytes = slotBytes;
    this.mask = mask;
  }

  FloatVector state(int slot) {
    return load(state, at + slot * slotBytes, mask);
  }

  void state(int slot, FloatVector value) {
    store(value, state, at + slot * slotBytes, mask);
  }

  static FloatVector load(ByteBuffer from, int byteOffset, VectorMask<Float> mask) {
    return mask == null ? FloatVector.fromByteBuffer(SPECIES, from, byteOffset, ORDER)
        : FloatVector.fromByteBuffer(SPECIES, from, byteOffset, ORDER, mask);
  }

  static void store(FloatVector value, ByteBuffer to, int byteOffset, VectorMask<Float> mask) {
    if (mask == null) {
      value.intoByteBuffer(to, byteOffset, ORDER);
    } else {
      value.intoByteBuffer(to, byteOffset, ORDER, mask);
    }
  }
}
