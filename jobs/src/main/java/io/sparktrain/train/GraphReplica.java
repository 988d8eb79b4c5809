package io.sparktrain.train;

import io.sparktrain.model.GraphFeed;
import io.sparktrain.train.fused.FusedStep;
import io.sparktrain.train.replica.GlobalState;
import io.sparktrain.train.replica.Replica;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Replica} of a DL4J {@link ComputationGraph}: a step is sparktrain's {@link FusedStep}
 * (DL4J's forward and backward, sparktrain's update), or DL4J's {@code fit()} where the fused
 * step does not cover the graph, on a mini-batch of its {@link Shard}, every input of the graph
 * reading the batch's features and every output its targets (each output with its own,
 * weighted, loss). The state is laid out as a MultiLayerNetwork's ({@link FlatState}): the
 * unfrozen layers' ranges of the flat parameter vector, in the graph's topological order, then
 * the updater's flat state view.
 */
public final class GraphReplica extends Dl4jReplica {

  /** Replaced, with what is built on it, when the replica moves its state ({@link #lodgeIn}). */
  private ComputationGraph graph;
  private final Target target;
  /** Null for a replica that holds state only (the driver's model) or only evaluates. */
  private final Shard shard;
  /** Null for the driver's model, whose configuration keeps the spec's rates, and evaluation. */
  private LayerRates rates;
  /** Null where steps are DL4J's {@code fit()}. */
  private FusedStep fused;
  /** What a training replica was built from, to build its graph again over other memory. */
  private String configurationJson;
  private List<TrainingListener> listeners = List.of();

  private GraphReplica(ComputationGraph graph, Target target, Shard shard, FusedStep fused) {
    super(flatState(graph));
    this.graph = graph;
    this.target = target;
    this.shard = shard;
    this.rates = shard == null ? null : LayerRates.of(graph.getLayers(), graph.getUpdater(true));
    this.fused = fused;
  }

  /**
   * A new graph of this configuration training on {@code shard}.
   *
   * @param initialParams every parameter of the graph the training started from: the frozen ones
   *     stay as they are here, the others are overwritten by every {@link #load}
   * @param fusedStep whether to step with {@link FusedStep} where it covers the graph
   */
  static GraphReplica build(String configurationJson, float[] initialParams, Shard shard,
      List<TrainingListener> listeners, boolean fusedStep) {
    ComputationGraph graph =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
    graph.init();
    graph.setListeners(listeners);
    graph.setParams(Nd4j.create(initialParams, new long[] {1, initialParams.length}));
    FusedStep fused = fusedStep && FusedStep.unsupported(graph).isEmpty()
        ? FusedStep.of(graph) : null;
    GraphReplica replica = new GraphReplica(graph, shard.target(), shard, fused);
    replica.configurationJson = configurationJson;
    replica.listeners = listeners;
    return replica;
  }

  /** A new graph of this configuration that evaluates what {@link #setParameters} gives it. */
  static GraphReplica forEvaluation(String configurationJson, Target target) {
    ComputationGraph graph =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
    graph.init();
    return new GraphReplica(graph, target, null, null);
  }

  /** {@code graph} itself (not a copy), to capture and load its state: the driver's model. */
  public static GraphReplica of(ComputationGraph graph) {
    return new GraphReplica(graph, null, null, null);
  }

  /**
   * The layers in the order their parameters lie in the flat vector: DL4J lays a graph's
   * parameters out vertex by vertex in its topological order.
   */
  static Layer[] layersInParameterOrder(ComputationGraph graph) {
    GraphVertex[] vertices = graph.getVertices();
    return Arrays.stream(graph.topologicalSortOrder()).mapToObj(i -> vertices[i])
        .filter(GraphVertex::hasLayer).map(GraphVertex::getLayer).toArray(Layer[]::new);
  }

  @Override
  public int shardSize() {
    return shard == null ? 0 : shard.size();
  }

  @Override
  public void load(GlobalState state, int epoch) {
    flat.load(state);
    graph.getConfiguration().setIterationCount(Math.toIntExact(state.iteration()));
    resume(epoch, state.rateScale());
  }

  @Override
  public void resume(int epoch, double rateScale) {
    graph.getConfiguration().setEpochCount(epoch);
    if (rates != null) {
      rates.scaleTo(rateScale);
    }
  }

  @Override
  public long iteration() {
    return graph.getIterationCount();
  }

  @Override
  public GlobalState capture() {
    return flat.capture(iteration(), rates == null ? 1.0 : rates.scale());
  }

  @Override
  public void setParameters(float[] all) {
    graph.setParams(Nd4j.create(all, new long[] {1, all.length}));
  }

  @Override
  public int lodgingLength() {
    return configurationJson == null ? 0
        : Lodging.length(graph.params(), updaterStateView(graph));
  }

  /** As {@link MultiLayerReplica}'s, for a graph. */
  @Override
  int[] moveInto(FloatBuffer home) {
    if (configurationJson == null) {
      throw new UnsupportedOperationException("only a replica that trains can move its state");
    }
    Lodging.Views views = Lodging.copyInto(home, graph.params(), updaterStateView(graph));
    ComputationGraph moved =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
    moved.init(views.params(), false);
    moved.setListeners(listeners);
    if (views.updaterState() != null) {
      moved.setUpdater(new ComputationGraphUpdater(moved, views.updaterState()));
    }
    moved.getConfiguration().setIterationCount(graph.getIterationCount());
    moved.getConfiguration().setEpochCount(graph.getEpochCount());
    LayerRates movedRates = LayerRates.of(moved.getLayers(), moved.getUpdater(true));
    movedRates.scaleTo(rates.scale());
    fused = fused == null ? null : FusedStep.of(moved);
    graph = moved;
    rates = movedRates;
    flat = flatState(moved);
    return flat.parts(views.updaterAt());
  }

  @Override
  public void setIteration(long iteration) {
    graph.getConfiguration().setIterationCount(Math.toIntExact(iteration));
  }

  @Override
  public double step(int[] order, int from, int to) {
    MultiDataSet batch = multi(graph, shard.batch(order, from, to));
    if (fused != null) {
      return fused.step(batch.getFeatures(), batch.getLabels()) * (to - from);
    }
    graph.fit(batch);
    return graph.score() * (to - from);
  }

  /** Whether steps are sparktrain's fused step rather than DL4J's {@code fit()}. */
  boolean stepsFused() {
    return fused != null;
  }

  @Override
  Target target() {
    return target;
  }

  /** The first output's: the others are auxiliary heads. */
  @Override
  INDArray predict(DataSet batch) {
    return graph.output(false, GraphFeed.inputs(graph, batch.getFeatures()))[0];
  }

  @Override
  double score(DataSet batch) {
    return graph.score(multi(graph, batch), false);
  }

  @Override
  int denseWidth() {
    return 0;
  }

  @Override
  boolean outputsProbabilities() {
    return outputsProbabilities(0);
  }

  @Override
  List<String> outputNames() {
    List<String> names = graph.getConfiguration().getNetworkOutputs();
    return names.size() > 1 ? List.copyOf(names) : List.of();
  }

  @Override
  INDArray[] predictAll(DataSet batch) {
    return graph.output(false, GraphFeed.inputs(graph, batch.getFeatures()));
  }

  @Override
  boolean outputsProbabilities(int index) {
    return givesProbabilities(graph.getOutputLayer(index).conf().getLayer());
  }


  /** The batch as the graph reads it: its features at every input, its targets at every output. */
  public static MultiDataSet multi(ComputationGraph graph, DataSet batch) {
    INDArray[] labels = new INDArray[graph.getNumOutputArrays()];
    Arrays.fill(labels, batch.getLabels());
    return new MultiDataSet(GraphFeed.inputs(graph, batch.getFeatures()), labels);
  }

  private static FlatState flatState(ComputationGraph graph) {
    return new FlatState(graph::params, () -> updaterStateView(graph),
        TrainableParameters.of(layersInParameterOrder(graph)));
  }

  /** The updater's flattened state, or null when the updater keeps none (plain SGD). */
  static INDArray updaterStateView(ComputationGraph graph) {
    var updater = graph.getUpdater(true);
    return updater == null ? null : updater.getStateViewArray();
  }

  /** The graph's updater state as a new float array; empty when it keeps none. */
  static float[] updaterState(ComputationGraph graph) {
    INDArray view = updaterStateView(graph);
    return view == null ? new float[0] : view.toFloatVector();
  }
}
