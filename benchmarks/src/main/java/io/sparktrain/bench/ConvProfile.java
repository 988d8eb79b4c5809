package io.sparktrain.bench;

import io.sparktrain.model.GemmConvolution;
import io.sparktrain.model.InputShape;
import io.sparktrain.model.GraphFactory;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolution routes of issue 13 on a small ResNet's shapes (conf/models/resnet-20.yaml:
 * 3x3 kernels, 8, 16 and 32 channels on 28x28, 14x14 and 7x7 maps, a strided 3x3 and a 1x1
 * projection) and on LeNet's second convolution, batch 64, one thread: DL4J's
 * {@code ConvolutionLayer}, sparktrain's {@code GemmConvolution}, and libnd4j's {@code conv2d} /
 * {@code conv2d_bp} ops called bare (oneDNN's convolution in the onednn build) and through that
 * layer ({@code -Dsparktrain.conv.onednn}), forward and forward plus backward (with the input
 * gradient, as every layer but a network's first needs); then a whole ResNet-20 step
 * ({@code computeGradientAndScore}, {@code fit}) and its inference with each.
 * Interleaved rounds, medians.
 *
 * <p>Run with the classpath of {@code benchmarks/run.sh}, {@code OMP_NUM_THREADS=1}:
 * {@code java @conf/java17.args -cp ... io.sparktrain.bench.ConvProfile [ROUNDS]}.
 */
public final class ConvProfile {

  private static final int BATCH = 64;

  private record Shape(String name, int in, int out, int size, int kernel, int stride,
      ConvolutionMode mode) {

    int outSize() {
      return mode == ConvolutionMode.Same ? (size + stride - 1) / stride
          : (size - kernel) / stride + 1;
    }
  }

  private static final List<Shape> SHAPES = List.of(
      new Shape("ResNet stem: 3x3, 1->8, 28x28", 1, 8, 28, 3, 1, ConvolutionMode.Same),
      new Shape("ResNet stage 1: 3x3, 8->8, 28x28", 8, 8, 28, 3, 1, ConvolutionMode.Same),
      new Shape("ResNet down: 3x3 s2, 8->16, 28->14", 8, 16, 28, 3, 2, ConvolutionMode.Same),
      new Shape("ResNet projection: 1x1 s2, 8->16", 8, 16, 28, 1, 2, ConvolutionMode.Same),
      new Shape("ResNet stage 2: 3x3, 16->16, 14x14", 16, 16, 14, 3, 1, ConvolutionMode.Same),
      new Shape("ResNet stage 3: 3x3, 32->32, 7x7", 32, 32, 7, 3, 1, ConvolutionMode.Same),
      new Shape("LeNet conv 1: 5x5, 1->20, 28x28", 1, 20, 28, 5, 1, ConvolutionMode.Truncate),
      new Shape("LeNet conv 2: 5x5, 20->50, 12x12", 20, 50, 12, 5, 1,
          ConvolutionMode.Truncate));

  /** The switch that sends GemmConvolution's passes through libnd4j's ops, or not. */
  private static final String ONEDNN = "sparktrain.conv.onednn";

  private ConvProfile() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Nd4j.getRandom().setSeed(7);
    System.out.printf("Convolutions, batch %d, one thread, ms per call (medians of %d interleaved"
        + " rounds of 10 calls)%n", BATCH, rounds);
    System.out.printf("%-40s %-8s %9s %9s %9s %9s %9s%n", "shape", "pass", "DL4J", "GEMMs",
        "layer ops", "bare op", "GEMMs/ops");
    for (Shape shape : SHAPES) {
      List<Runnable> dl4j = layerParts(shape, "dl4j");
      List<Runnable> gemm = routed(layerParts(shape, "gemm"), false);
      List<Runnable> layerOps = routed(layerParts(shape, "gemm"), true);
      List<Runnable> op = opParts(shape);
      double[][] ms = medians(List.of(dl4j, gemm, layerOps, op), rounds);
      String[] pass = {"forward", "fwd+bwd"};
      for (int p = 0; p < 2; p++) {
        System.out.printf("%-40s %-8s %9.2f %9.2f %9.2f %9.2f %8.2fx%n", shape.name(), pass[p],
            ms[0][p], ms[1][p], ms[2][p], ms[3][p], ms[1][p] / ms[2][p]);
      }
    }
    JobSpec resnet = SpecReader.read(Path.of("conf", "models", "resnet-20.yaml"));
    INDArray features = Nd4j.rand(DataType.FLOAT, BATCH, 1, 28, 28);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
    for (int r = 0; r < BATCH; r++) {
      labels.putScalar(r, r % 10, 1f);
    }
    List<List<Runnable>> graphs = new ArrayList<>();
    for (String variant : List.of("dl4j", "gemm", "ops")) {
      ComputationGraph graph = graph(resnet, variant.equals("dl4j") ? "dl4j" : "gemm");
      graphs.add(routed(List.of(() -> {
        graph.setInputs(features);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
      }, () -> graph.fit(new INDArray[] {features}, new INDArray[] {labels}),
          () -> graph.output(features)), variant.equals("ops")));
    }
    double[][] ms = medians(graphs, rounds);
    System.out.printf("%-40s %9s %9s %9s %9s%n", "ResNet-20 (conf/models), batch 64", "DL4J conv",
        "GEMMs", "with ops", "GEMMs/ops");
    String[] pass = {"computeGradientAndScore", "fit", "output (inference)"};
    for (int p = 0; p < pass.length; p++) {
      System.out.printf("%-40s %9.2f %9.2f %9.2f %8.2fx%n", pass[p], ms[0][p], ms[1][p],
          ms[2][p], ms[1][p] / ms[2][p]);
    }
  }

  /** The calls with the switch set to {@code ops} around each. */
  private static List<Runnable> routed(List<Runnable> calls, boolean ops) {
    List<Runnable> routed = new ArrayList<>();
    for (Runnable call : calls) {
      routed.add(() -> {
        System.setProperty(ONEDNN, String.valueOf(ops));
        try {
          call.run();
        } finally {
          System.clearProperty(ONEDNN);
        }
      });
    }
    return routed;
  }

  /** Medians over rounds of each part of each variant, the variants interleaved per part. */
  private static double[][] medians(List<List<Runnable>> variants, int rounds) {
    int parts = variants.get(0).size();
    double[][][] ms = new double[variants.size()][parts][rounds];
    for (int round = -1; round < rounds; round++) {
      for (int p = 0; p < parts; p++) {
        for (int v = 0; v < variants.size(); v++) {
          double t = LayerProfile.time(variants.get(v).get(p));
          if (round >= 0) {
            ms[v][p][round] = t;
          }
        }
      }
    }
    double[][] result = new double[variants.size()][parts];
    for (int v = 0; v < variants.size(); v++) {
      for (int p = 0; p < parts; p++) {
        result[v][p] = LayerProfile.median(ms[v][p]);
      }
    }
    return result;
  }

  /** One conv layer of this shape built as {@code conv} builds it: forward, forward + backward. */
  private static List<Runnable> layerParts(Shape shape, String conv) {
    ConvolutionLayer.Builder builder = new ConvolutionLayer.Builder(shape.kernel(), shape.kernel())
        .stride(shape.stride(), shape.stride()).nIn(shape.in()).nOut(shape.out())
        .convolutionMode(shape.mode()).activation(Activation.IDENTITY);
    ConvolutionLayer layer = "gemm".equals(conv) ? new GemmConvolution(builder) : builder.build();
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
        .dataType(DataType.FLOAT).list().layer(layer)
        .setInputType(InputType.convolutional(shape.size(), shape.size(), shape.in()))
        .build());
    net.init();
    net.initGradientsView();
    Layer l = net.getLayer(0);
    // In a workspace, as a network's passes run: outside one, allocating each activation and
    // gradient anew took several milliseconds and swamped the convolution.
    WorkspaceConfiguration workspace = WorkspaceConfiguration.builder().initialSize(0)
        .policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.OVERALLOCATE)
        .build();
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace("CONV_PROFILE", workspace)
        .build();
    INDArray in = Nd4j.rand(DataType.FLOAT, BATCH, shape.in(), shape.size(), shape.size());
    INDArray eps = Nd4j.rand(DataType.FLOAT, BATCH, shape.out(), shape.outSize(),
        shape.outSize()).subi(0.5);
    return List.of(() -> {
      try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
        l.setInput(in, mgr);
        l.activate(true, mgr);
      }
    }, () -> {
      try (MemoryWorkspace ignored = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
        l.setInput(in, mgr);
        l.activate(true, mgr);
        l.backpropGradient(eps, mgr);
      }
    });
  }

  /** libnd4j's conv2d and conv2d_bp on this shape, weights [out, in, kh, kw] as DL4J keeps them. */
  private static List<Runnable> opParts(Shape shape) {
    int o = shape.outSize();
    INDArray in = Nd4j.rand(DataType.FLOAT, BATCH, shape.in(), shape.size(), shape.size());
    INDArray weights = Nd4j.rand(DataType.FLOAT, shape.out(), shape.in(), shape.kernel(),
        shape.kernel()).subi(0.5);
    INDArray bias = Nd4j.rand(DataType.FLOAT, shape.out());
    INDArray z = Nd4j.create(DataType.FLOAT, BATCH, shape.out(), o, o);
    INDArray eps = Nd4j.rand(DataType.FLOAT, BATCH, shape.out(), o, o).subi(0.5);
    INDArray inGrad = Nd4j.create(DataType.FLOAT, in.shape());
    INDArray wGrad = Nd4j.create(DataType.FLOAT, weights.shape());
    INDArray bGrad = Nd4j.create(DataType.FLOAT, bias.shape());
    Conv2DConfig config = Conv2DConfig.builder().kH(shape.kernel()).kW(shape.kernel())
        .sH(shape.stride()).sW(shape.stride()).pH(0).pW(0).dH(1).dW(1)
        .paddingMode(shape.mode() == ConvolutionMode.Same ? PaddingMode.SAME : PaddingMode.VALID)
        .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
    Conv2D forward = new Conv2D(new INDArray[] {in, weights, bias}, new INDArray[] {z}, config);
    long[] iArgs = forward.iArgs();
    DynamicCustomOp backward = DynamicCustomOp.builder("conv2d_bp")
        .addInputs(in, weights, bias, eps).addOutputs(inGrad, wGrad, bGrad)
        .addIntegerArguments(Arrays.stream(iArgs).mapToInt(Math::toIntExact).toArray()).build();
    return List.of(() -> Nd4j.exec(forward), () -> {
      Nd4j.exec(forward);
      Nd4j.exec(backward);
    });
  }

  private static ComputationGraph graph(JobSpec spec, String conv) {
    String previous = System.setProperty(GemmConvolution.SWITCH, conv);
    try {
      ComputationGraph graph = new ComputationGraph(GraphFactory.configuration(spec.model(),
          spec.optimizer(), spec.training().seed(), InputShape.image(1, 28, 28)));
      graph.init();
      return graph;
    } finally {
      if (previous == null) {
        System.clearProperty(GemmConvolution.SWITCH);
      } else {
        System.setProperty(GemmConvolution.SWITCH, previous);
      }
    }
  }
}
