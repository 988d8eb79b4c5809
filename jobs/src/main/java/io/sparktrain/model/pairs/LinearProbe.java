package io.sparktrain.model.pairs;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A linear probe (softmax regression) on frozen features, the usual measure of a self-supervised
 * encoder (Zbontar et al. 2021, section 4): the same probe, same epochs and seed, on two encoders'
 * features tells which features are more linearly useful for the labels.
 *
 * @param epochs full passes over the training features, in shuffled mini-batches of 64
 * @param learningRate Adam's step size
 * @param seed the probe's initial weights and batch order
 */
public record LinearProbe(int epochs, double learningRate, long seed) {

  /**
   * Trains the probe on {@code trainFeatures} and returns its accuracy on {@code testFeatures}.
   *
   * @param trainLabels class of each training row, in [0, classes)
   */
  public double accuracy(INDArray trainFeatures, int[] trainLabels, INDArray testFeatures,
      int[] testLabels, int classes) {
    INDArray scale = trainFeatures.std(true, 0).addi(1e-6);
    INDArray mean = trainFeatures.mean(true, 0);
    MultiLayerNetwork probe = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed).updater(new Adam(learningRate)).weightInit(WeightInit.XAVIER).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(trainFeatures.size(1)).nOut(classes).activation(Activation.SOFTMAX).build())
        .build());
    probe.init();
    DataSet train = new DataSet(standardise(trainFeatures, mean, scale),
        oneHot(trainLabels, classes));
    for (int epoch = 0; epoch < epochs; epoch++) {
      train.shuffle(seed + epoch);
      for (DataSet batch : train.batchBy(64)) {
        probe.fit(batch);
      }
    }
    Evaluation evaluation = new Evaluation(classes);
    evaluation.eval(oneHot(testLabels, classes),
        probe.output(standardise(testFeatures, mean, scale)));
    return evaluation.accuracy();
  }

  /** Features scaled by the training features' statistics, so one rate suits both encoders. */
  private static INDArray standardise(INDArray features, INDArray mean, INDArray scale) {
    return features.subRowVector(mean).diviRowVector(scale);
  }

  private static INDArray oneHot(int[] labels, int classes) {
    INDArray y = Nd4j.zeros(labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }
}
