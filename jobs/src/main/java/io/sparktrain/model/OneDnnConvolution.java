package io.sparktrain.model;

import java.util.Arrays;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's {@code conv2d} and {@code conv2d_bp} ops on a {@link GemmConvolutionLayer}'s
 * configuration, which nd4j-native's onednn builds run through oneDNN. Where that build is loaded
 * they beat the layer's im2col and GEMMs on a small ResNet's 3x3 convolutions and on LeNet's second
 * one (docs/performance.md, "Convolutions"); on the other builds libnd4j's own convolution was not
 * measured, so the GEMMs stay. Weights {@code [out, in, kh, kw]} (OIYX) and a bias of
 * {@code out}: DL4J's parameter views as they are.
 */
final class OneDnnConvolution {

  /** {@code -Dsparktrain.conv.onednn=false} keeps every pass on the GEMMs. */
  static final String SWITCH = "sparktrain.conv.onednn";

  private final Conv2DConfig config;
  private final boolean hasBias;
  /**
   * The two ops, made once and given new arrays each pass: every op ND4J constructs draws a
   * {@code UUID.randomUUID()} (docs/traps.md).
   */
  private Conv2D forward;
  private DynamicCustomOp backward;

  private OneDnnConvolution(Conv2DConfig config, boolean hasBias) {
    this.config = config;
    this.hasBias = hasBias;
  }

  /**
   * Whether the ops compute a pass: they are {@link #available}, and the pass is inference, or
   * training whose backward needs the input gradient, through a kernel wider than 1x1, from at
   * least three input channels. oneDNN's {@code conv2d_bp} always computes the input gradient; on
   * one and two input channels the layer's forward and backward lost to the GEMMs (0.15-0.85x at
   * batch 64), on a 1x1 projection they tied, and from three channels up they won 1.2-2.7x
   * (docs/performance.md).
   */
  static boolean serves(ConvolutionLayer conf, boolean training, boolean inputGradientUnused) {
    if (!available()) {
      return false;
    }
    int[] kernel = conf.getKernelSize();
    return !training
        || (!inputGradientUnused && kernel[0] * kernel[1] > 1 && conf.getNIn() >= 3);
  }

  /**
   * Whether the ops run oneDNN's convolution here: an onednn build of libnd4j is loaded, its
   * platform helpers are allowed, and the switch is not off.
   */
  static boolean available() {
    return Build.ONEDNN && Nd4j.getEnvironment().helpersAllowed()
        && !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true"));
  }

  /** The ops for this layer's configuration; the input's size does not enter. */
  static OneDnnConvolution of(ConvolutionLayer conf) {
    boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
    int[] kernel = conf.getKernelSize();
    int[] stride = conf.getStride();
    int[] pad = same ? new int[] {0, 0} : conf.getPadding();
    Conv2DConfig config = Conv2DConfig.builder().kH(kernel[0]).kW(kernel[1])
        .sH(stride[0]).sW(stride[1]).pH(pad[0]).pW(pad[1]).dH(1).dW(1)
        .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
        .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
    return new OneDnnConvolution(config, conf.hasBias());
  }

  /** z [n, out, oh, ow] = the convolution of input [n, in, h, w], plus the bias. */
  void forward(INDArray input, INDArray weights, INDArray bias, INDArray z) {
    INDArray[] inputs = hasBias ? new INDArray[] {input, weights, bias}
        : new INDArray[] {input, weights};
    if (forward == null) {
      forward = new Conv2D(inputs, new INDArray[] {z}, config);
    } else {
      forward.addInputArgument(inputs);
      forward.addOutputArgument(z);
    }
    execute(forward);
  }

  /**
   * The input, weight and bias gradients of dL/dz {@code delta}, written into the arrays given
   * (the weight and bias gradients are DL4J's gradient views).
   */
  void backward(INDArray input, INDArray weights, INDArray bias, INDArray delta,
      INDArray inputGradient, INDArray weightGradient, INDArray biasGradient) {
    INDArray[] inputs = hasBias ? new INDArray[] {input, weights, bias, delta}
        : new INDArray[] {input, weights, delta};
    INDArray[] outputs = hasBias ? new INDArray[] {inputGradient, weightGradient, biasGradient}
        : new INDArray[] {inputGradient, weightGradient};
    if (backward == null) {
      if (forward == null) {
        // Made for its integer arguments only: delta has the output's shape.
        forward = new Conv2D(Arrays.copyOf(inputs, inputs.length - 1), new INDArray[] {delta},
            config);
      }
      int[] arguments = Arrays.stream(forward.iArgs()).mapToInt(Math::toIntExact).toArray();
      forward.clearArrays();
      backward = DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
          .addIntegerArguments(arguments).build();
    } else {
      backward.addInputArgument(inputs);
      backward.addOutputArgument(outputs);
    }
    execute(backward);
  }

  /**
   * Runs {@code op} and clears its arrays: it holds no batch's past its pass, and takes the next
   * pass's as they come.
   */
  private static void execute(DynamicCustomOp op) {
    try {
      Nd4j.exec(op);
    } finally {
      op.clearArrays();
    }
  }

  /** Whether libnd4j was loaded from an onednn build, read once ND4J is up. */
  private static final class Build {

    static final boolean ONEDNN = loaded();

    private static boolean loaded() {
      Nd4j.getBackend();
      String path = Loader.getLoadedLibraries().get("nd4jcpu");
      return path != null && path.contains("-onednn");
    }
  }
}
