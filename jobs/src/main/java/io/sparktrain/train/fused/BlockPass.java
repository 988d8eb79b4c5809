package io.sparktrain.train.fused;

import java.nio.ByteBuffer;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The fused pass over one DL4J updater block: for every parameter of the block, in one trip
 * through memory, what DL4J does in five (divide the summed gradient by the batch size, clip it,
 * apply the rule, add decoupled weight decay, subtract from the parameter).
 */
final class BlockPass {

  /**
   * One variable of the block (a layer's weights or biases): byte offsets of its first element
   * in the flat parameters, gradients and state (slot 0), and what is done to its gradient.
   *
   * @param divide whether the gradient is a sum over the batch (DL4J's
   *     {@code updaterDivideByMinibatch}); batch normalisation's running statistics are not
   * @param clip the bound of element-wise clipping, 0 for none
   * @param decay decoupled weight decay, null for none
   */
  record Variable(int paramByte, int gradByte, int stateByte, int count, boolean divide,
      float clip, WeightDecay decay) {}

  private final FusedRule rule;
  private final List<Variable> variables;
  private final int slotBytes;
  private final ByteBuffer params;
  private final ByteBuffer gradients;
  private final Lanes lanes;

  BlockPass(FusedRule rule, List<Variable> variables, int blockLength, ByteBuffer params,
      ByteBuffer gradients, ByteBuffer state) {
    this.rule = rule;
    this.variables = List.copyOf(variables);
    this.slotBytes = blockLength * Float.BYTES;
    this.params = params;
    this.gradients = gradients;
    this.lanes = new Lanes(state);
  }

  /** One step; {@code iteration} counts the steps before it, as DL4J's does. */
  void run(int iteration, int epoch, int batchSize) {
    rule.begin(iteration, epoch);
    double lr = rule.learningRate(iteration, epoch);
    for (Variable v : variables) {
      float decay = v.decay() == null ? 0f : (float) (v.decay().getCoeff().valueAt(iteration, epoch)
          * (v.decay().isApplyLR() ? lr : 1.0));
      float divisor = v.divide() ? batchSize : 1f;
      int n = v.count();
      int bound = Lanes.SPECIES.loopBound(n);
      int width = Lanes.SPECIES.length();
      for (int i = 0; i < bound; i += width) {
        lane(v, i * Float.BYTES, null, divisor, decay);
      }
      if (bound < n) {
        lane(v, bound * Float.BYTES, Lanes.SPECIES.indexInRange(bound, n), divisor, decay);
      }
    }
  }

  private void lane(Variable v, int at, VectorMask<Float> mask, float divisor, float decay) {
    lanes.moveTo(v.stateByte() + at, slotBytes, mask);
    // DL4J divides, rather than multiplying by the reciprocal: the same floats for any batch.
    FloatVector g = Lanes.load(gradients, v.gradByte() + at, mask).div(divisor);
    if (v.clip() > 0) {
      g = g.max(-v.clip()).min(v.clip());
    }
    FloatVector update = rule.update(g, lanes);
    FloatVector p = Lanes.load(params, v.paramByte() + at, mask);
    if (decay != 0) {
      update = update.add(p.mul(decay));
    }
    Lanes.store(p.sub(update), params, v.paramByte() + at, mask);
  }
}
