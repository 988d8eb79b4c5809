package io.sparktrain.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Barlow Twins loss (Zbontar et al. 2021, "Barlow Twins: self-supervised learning via
 * redundancy reduction") over a batch of two views' projections, laid side by side:
 * {@code a = [z1 | z2]} (the activation of the layer's input; a loss layer after a concatenate
 * vertex). Each half is standardised over the batch (mean 0, biased variance 1, plus
 * {@value #EPSILON} under the root), {@code C = z1n^T z2n / N} is their cross-correlation, and
 * the loss is {@code sum_i (1 - C_ii)^2 + lambda * sum_{i != j} C_ij^2}. The labels are not read.
 *
 * <p>The loss belongs to the batch, not to its examples: DL4J divides a layer's score and its
 * gradient by the batch size, so this returns N times the loss as the unaveraged score (each
 * example's score array entry is the loss) and N times its gradient. Needs at least 2 examples.
 *
 * @param lambda the weight of the off-diagonal (redundancy) terms, &gt;= 0; the paper uses
 *     5e-3 for 8,192 dimensions, about 1 / dimensions
 */
public record BarlowTwinsLoss(double lambda) implements RowLoss {

  /** Added to each variance before its root, so a constant dimension does not divide by zero. */
  public static final double EPSILON = 1e-5;

  public BarlowTwinsLoss {
    if (!(lambda >= 0)) {
      throw new IllegalArgumentException("Barlow Twins loss: lambda must be >= 0, found "
          + lambda);
    }
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    double loss = loss(crossCorrelation(activationFn.getActivation(preOutput.dup(), true)));
    return average ? loss : loss * preOutput.size(0);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    double loss = computeScore(labels, preOutput, activationFn, mask, true);
    return Nd4j.valueArrayOf(new long[] {preOutput.size(0), 1}, loss, preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    INDArray a = activationFn.getActivation(preOutput.dup(), true);
    long n = a.size(0);
    long d = a.size(1) / 2;
    Standardised z1 = Standardised.of(half(a, 0, d));
    Standardised z2 = Standardised.of(half(a, d, 2 * d));
    INDArray c = z1.values.transpose().mmul(z2.values).divi(n);
    // dL/dC: 2 lambda C off the diagonal, -2 (1 - C_ii) on it.
    INDArray g = c.mul(2 * lambda);
    INDArray diagonal = Nd4j.diag(c).rsubi(1.0).muli(-2.0);
    for (int i = 0; i < d; i++) {
      g.putScalar(i, i, diagonal.getDouble(i));
    }
    // N dL/dz1n = z2n G^T and N dL/dz2n = z1n G: the N of DL4J's later division cancels 1 / N.
    INDArray dLda = Nd4j.hstack(z1.backprop(z2.values.mmul(g.transpose())),
        z2.backprop(z1.values.mmul(g)));
    return activationFn.backprop(preOutput.dup(), dLda).getFirst();
  }

  @Override
  public String name() {
    return "barlowTwins";
  }

  /** The cross-correlation matrix of the two halves of {@code a}, standardised over the batch. */
  static INDArray crossCorrelation(INDArray a) {
    long d = a.size(1) / 2;
    INDArray z1 = Standardised.of(half(a, 0, d)).values;
    INDArray z2 = Standardised.of(half(a, d, 2 * d)).values;
    return z1.transpose().mmul(z2).divi(a.size(0));
  }

  /** The loss for cross-correlation {@code c}. */
  double loss(INDArray c) {
    INDArray diagonal = Nd4j.diag(c);
    double onDiagonal = diagonal.rsub(1.0).norm2Number().doubleValue();
    double all = c.norm2Number().doubleValue();
    double diagonalSquares = diagonal.norm2Number().doubleValue();
    return onDiagonal * onDiagonal + lambda * (all * all - diagonalSquares * diagonalSquares);
  }

  private static INDArray half(INDArray a, long from, long to) {
    if (a.size(1) % 2 != 0 || a.size(0) < 2) {
      throw new IllegalArgumentException("Barlow Twins loss: needs two views of equal width and "
          + "at least 2 examples, found " + a.size(0) + " x " + a.size(1));
    }
    return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
  }

  /** A batch standardised per column, with what its backward pass needs. */
  private record Standardised(INDArray values, INDArray sigma) {

    static Standardised of(INDArray z) {
      INDArray mean = z.mean(true, 0);
      INDArray sigma = Transforms.sqrt(z.var(false, 0).reshape(1, z.size(1)).addi(EPSILON),
          false);
      return new Standardised(z.subRowVector(mean).diviRowVector(sigma), sigma);
    }

    /** dL/dz from dL/dzn: (g - mean(g) - zn * mean(g * zn)) / sigma, per column. */
    INDArray backprop(INDArray g) {
      INDArray meanG = g.mean(true, 0);
      INDArray meanGz = g.mul(values).mean(true, 0);
      return g.subRowVector(meanG).subi(values.mulRowVector(meanGz)).diviRowVector(sigma);
    }
  }
}
