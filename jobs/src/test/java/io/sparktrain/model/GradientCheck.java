package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A network's back-propagated gradient against central differences of its loss, parameter by
 * parameter: the check that caught DL4J M2.1's SameDiff layers returning twice the gradient.
 *
 * @param step the difference {@code h} of {@code (loss(p + h) - loss(p - h)) / 2h}
 * @param stride every how many elements of a parameter to check (1 for all)
 * @param absolute the tolerance's absolute part
 * @param relative the tolerance's part relative to the numeric gradient
 */
record GradientCheck(double step, int stride, double absolute, double relative) {

  /** Double precision, every element, tight tolerance. */
  static GradientCheck exact() {
    return new GradientCheck(1e-6, 1, 1e-6, 1e-5);
  }

  /** Checks the named parameters of {@code net} on {@code data}; every other one is left alone. */
  void assertMatches(MultiLayerNetwork net, DataSet data, Iterable<String> names, String what) {
    net.setInput(data.getFeatures());
    net.setLabels(data.getLabels());
    net.computeGradientAndScore();
    int examples = data.numExamples();
    // Copied in the parameter's own element order (DL4J keeps weights in 'f' order, and a plain
    // dup() is 'c'), so that element k of the copy is element k of the parameter.
    Map<String, INDArray> gradients = new LinkedHashMap<>();
    names.forEach(name -> gradients.put(name,
        net.gradient().getGradientFor(name).dup(net.getParam(name).ordering())));
    for (String name : names) {
      INDArray param = net.getParam(name);
      INDArray grad = gradients.get(name);
      for (int k = 0; k < param.length(); k += stride) {
        double old = param.getDouble(k);
        param.putScalar(k, old + step);
        double up = net.score(data, true);
        param.putScalar(k, old - step);
        double down = net.score(data, true);
        param.putScalar(k, old);
        // DL4J's gradient is the batch's sum, its score the batch's mean.
        double numeric = (up - down) / (2 * step) * examples;
        assertEquals(numeric, grad.getDouble(k), absolute + relative * Math.abs(numeric),
            what + ": " + name + "[" + k + "]");
      }
    }
  }

  /** Checks every parameter of {@code net}. */
  void assertMatches(MultiLayerNetwork net, DataSet data, String what) {
    assertMatches(net, data, net.paramTable().keySet(), what);
  }
}
