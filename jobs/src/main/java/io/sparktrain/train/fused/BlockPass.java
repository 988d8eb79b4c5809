package io.sparktrain.train.fused;

import java.nio.FloatBuffer;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The fused pass over one DL4J updater block: for every parameter of the block, in one trip
 * through memory, what DL4J does in five (divide the summed gradient by the batch size, clip it,
 * apply the rule, add decoupled weight decay, subtract from the parameter). It goes through the
 * block a {@link Chunk} at a time: bulk copies in, the kernels on the heap arrays, bulk copies
 * out.
 */
final class BlockPass {

  /**
   * One variable of the block (a layer's weights or biases): the index of its first element in
   * the native buffers of the parameters, the gradients and the state (slot 0), and what is done
   * to its gradient.
   *
   * @param divide whether the gradient is a sum over the batch (DL4J's
   *     {@code updaterDivideByMinibatch}); batch normalisation's running statistics are not
   * @param clip the bound of element-wise clipping, 0 for none
   * @param decay decoupled weight decay, null for none
   */
  record Variable(int paramAt, int gradAt, int stateAt, int count, boolean divide, float clip,
      WeightDecay decay) {}

  private final FusedRule rule;
  private final List<Variable> variables;
  private final int slots;
  /** Floats from one state slot to the next: the block's length. */
  private final int slotStride;
  private final FloatBuffer params;
  private final FloatBuffer gradients;
  private final FloatBuffer state;
  private final Chunk chunk;

  BlockPass(FusedRule rule, List<Variable> variables, int slots, int blockLength,
      NativeArrays arrays, Chunk chunk) {
    this.rule = rule;
    this.variables = List.copyOf(variables);
    this.slots = slots;
    this.slotStride = blockLength;
    this.params = arrays.params();
    this.gradients = arrays.gradients();
    this.state = arrays.state();
    this.chunk = chunk;
  }

  /** The flat arrays' native buffers, whole; the variables' indices are into these. */
  record NativeArrays(FloatBuffer params, FloatBuffer gradients, FloatBuffer state) {}

  /** One step; {@code iteration} counts the steps before it, as DL4J's does. */
  void run(int iteration, int epoch, int batchSize) {
    rule.begin(iteration, epoch);
    double lr = rule.learningRate(iteration, epoch);
    for (Variable v : variables) {
      float decay = v.decay() == null ? 0f : (float) (v.decay().getCoeff().valueAt(iteration, epoch)
          * (v.decay().isApplyLR() ? lr : 1.0));
      float divisor = v.divide() ? batchSize : 1f;
      for (int from = 0; from < v.count(); from += Chunk.LENGTH) {
        stretch(v, from, Math.min(Chunk.LENGTH, v.count() - from), divisor, decay);
      }
    }
  }

  private void stretch(Variable v, int from, int n, float divisor, float decay) {
    float[] g = chunk.gradient;
    float[] p = chunk.params;
    gradients.get(v.gradAt() + from, g, 0, n);
    for (int k = 0; k < slots; k++) {
      state.get(v.stateAt() + k * slotStride + from, chunk.state[k], 0, n);
    }
    prepareGradient(g, n, divisor, v.clip());
    rule.apply(g, chunk.state, n);
    params.get(v.paramAt() + from, p, 0, n);
    descend(p, g, n, decay);
    params.put(v.paramAt() + from, p, 0, n);
    for (int k = 0; k < slots; k++) {
      state.put(v.stateAt() + k * slotStride + from, chunk.state[k], 0, n);
    }
  }

  /** g / batch size, clipped. DL4J divides, not multiplies: the same floats for any size. */
  private static void prepareGradient(float[] g, int n, float divisor, float clip) {
    for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
      FloatVector x = FusedRule.at(g, i).div(divisor);
      if (clip > 0) {
        x = x.max(-clip).min(clip);
      }
      x.intoArray(g, i);
    }
  }

  /** p -= update + decay p, DL4J's decoupled weight decay added to the update first. */
  private static void descend(float[] p, float[] update, int n, float decay) {
    for (int i = 0; i < Chunk.bound(n); i += Chunk.WIDTH) {
      FloatVector pi = FusedRule.at(p, i);
      FloatVector u = FusedRule.at(update, i);
      if (decay != 0) {
        u = u.add(pi.mul(decay));
      }
      pi.sub(u).intoArray(p, i);
    }
  }
}
