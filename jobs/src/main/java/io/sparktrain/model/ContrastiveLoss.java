package io.sparktrain.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The contrastive loss of Hadsell, Chopra and LeCun 2006, "Dimensionality reduction by learning
 * an invariant mapping", over the difference {@code a = e1 - e2} of a pair's two embeddings (the
 * activation of the layer's input; a loss layer after a subtract vertex), with {@code d = |a|}:
 * {@code d^2 / 2} for a same-class pair, {@code max(0, margin - d)^2 / 2} for a different-class
 * one. The labels are a pair's one-hot class over {different, same} (column 1 is 1 for a same
 * pair), as {@code DigitPairs} labels them; their width need not match the embedding's. Masks are
 * not supported: a pair is one row. A record, so DL4J's JSON writes it by its component.
 *
 * @param margin how far apart different pairs are pushed before they stop counting, &gt; 0
 */
public record ContrastiveLoss(double margin) implements RowLoss {

  /** The column of a pair's one-hot label that is 1 for a same pair (DigitPairs.SAME). */
  public static final int SAME_COLUMN = 1;
  /** Below this distance a different pair's gradient direction is undefined: taken as zero. */
  private static final double TINY = 1e-9;

  public ContrastiveLoss {
    if (!(margin > 0)) {
      throw new IllegalArgumentException("contrastive loss: margin must be > 0, found " + margin);
    }
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask) {
    INDArray a = activationFn.getActivation(preOutput.dup(), true);
    INDArray squared = a.mul(a).sum(true, 1);
    INDArray same = same(labels, a);
    INDArray hinge = Transforms.relu(Transforms.sqrt(squared, true).rsubi(margin), false);
    INDArray different = same.rsub(1.0);
    return squared.muli(same).addi(hinge.muli(hinge).muli(different)).muli(0.5);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask) {
    INDArray a = activationFn.getActivation(preOutput.dup(), true);
    INDArray distance = Transforms.sqrt(a.mul(a).sum(true, 1), false);
    INDArray same = same(labels, a);
    INDArray hinge = Transforms.relu(distance.rsub(margin), false);
    // d/da of max(0, m - d)^2 / 2 is -(m - d) a / d; of d^2 / 2 it is a.
    INDArray pull = hinge.divi(Transforms.max(distance, TINY, false)).negi()
        .muli(same.rsub(1.0));
    INDArray coefficient = pull.addi(same);
    INDArray dLda = a.mulColumnVector(coefficient);
    return activationFn.backprop(preOutput.dup(), dLda).getFirst();
  }

  /** 1 for a same pair, 0 for a different one, as a column. */
  private static INDArray same(INDArray labels, INDArray like) {
    return labels.getColumn(SAME_COLUMN, true).castTo(like.dataType()).dup();
  }

  @Override
  public String name() {
    return "contrastive";
  }
}
