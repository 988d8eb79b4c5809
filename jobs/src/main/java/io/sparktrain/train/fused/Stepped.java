package io.sparktrain.train.fused;

import io.sparktrain.model.SkipsInputGradient;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What the fused step reads from and calls on a network, a stack ({@link MultiLayerNetwork}) or a
 * graph ({@link ComputationGraph}): DL4J gives the two the same flat parameter, gradient and
 * updater-state arrays and the same updater blocks, under methods of different classes.
 */
sealed interface Stepped permits Stepped.Stack, Stepped.Graph {

  Model model();

  /** The network's updater, created if it is not yet. */
  BaseMultiLayerUpdater<?> updater();

  /** Creates the flat gradient and its views where the network has none yet. */
  void initGradientsView();

  DataType dataType();

  BackpropType backpropType();

  /** Every layer's configuration. */
  List<Layer> layers();

  Collection<TrainingListener> listeners();

  int iteration();

  int epoch();

  void setIteration(int iteration);

  /** DL4J's forward, backward and loss into the flat gradient and the score. */
  void computeGradientAndScore();

  /** A stack. */
  record Stack(MultiLayerNetwork network) implements Stepped {
    @Override
    public Model model() {
      return network;
    }

    @Override
    public BaseMultiLayerUpdater<?> updater() {
      return (BaseMultiLayerUpdater<?>) network.getUpdater(true);
    }

    @Override
    public void initGradientsView() {
      if (network.getGradientsViewArray() == null) {
        network.initGradientsView();
      }
    }

    @Override
    public DataType dataType() {
      return network.getLayerWiseConfigurations().getDataType();
    }

    @Override
    public BackpropType backpropType() {
      return network.getLayerWiseConfigurations().getBackpropType();
    }

    @Override
    public List<Layer> layers() {
      return network.getLayerWiseConfigurations().getConfs().stream()
          .map(NeuralNetConfiguration::getLayer).toList();
    }

    @Override
    public Collection<TrainingListener> listeners() {
      return network.getListeners();
    }

    @Override
    public int iteration() {
      return network.getIterationCount();
    }

    @Override
    public int epoch() {
      return network.getEpochCount();
    }

    @Override
    public void setIteration(int iteration) {
      network.setIterationCount(iteration);
    }

    /** The first layer's input gradient, which DL4J computes and then drops, is left out. */
    @Override
    public void computeGradientAndScore() {
      if (!(network.getLayer(0) instanceof SkipsInputGradient first)) {
        network.computeGradientAndScore();
        return;
      }
      first.skipInputGradient(true);
      try {
        network.computeGradientAndScore();
      } finally {
        first.skipInputGradient(false);
      }
    }
  }

  /** A graph. */
  record Graph(ComputationGraph graph) implements Stepped {
    @Override
    public Model model() {
      return graph;
    }

    @Override
    public BaseMultiLayerUpdater<?> updater() {
      return graph.getUpdater(true);
    }

    @Override
    public void initGradientsView() {
      if (graph.getGradientsViewArray() == null) {
        graph.initGradientsView();
      }
    }

    @Override
    public DataType dataType() {
      return graph.getConfiguration().getDataType();
    }

    @Override
    public BackpropType backpropType() {
      return graph.getConfiguration().getBackpropType();
    }

    @Override
    public List<Layer> layers() {
      return graph.getConfiguration().getVertices().values().stream()
          .filter(LayerVertex.class::isInstance)
          .map(v -> ((LayerVertex) v).getLayerConf().getLayer()).toList();
    }

    @Override
    public Collection<TrainingListener> listeners() {
      return graph.getListeners();
    }

    @Override
    public int iteration() {
      return graph.getIterationCount();
    }

    @Override
    public int epoch() {
      return graph.getEpochCount();
    }

    @Override
    public void setIteration(int iteration) {
      graph.getConfiguration().setIterationCount(iteration);
    }

    @Override
    public void computeGradientAndScore() {
      graph.computeGradientAndScore();
    }
  }
}
