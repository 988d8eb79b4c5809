package io.sparktrain.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether ND4J's arrays live in host memory, where the project's own kernels (the GEMM
 * convolution, tiled pooling, batch normalisation, the fused step) read and write them through
 * NIO views. On the CUDA backend they live on the device, and a host view needs ND4J's location
 * tagging before and after, which those kernels do not do: there the networks keep DL4J's own
 * layers and step.
 */
public final class HostMemory {

  private static final boolean CPU_BACKEND = Nd4j.getEnvironment().isCPU();

  private HostMemory() {}

  /** True on ND4J's CPU backend, for the life of the JVM. */
  public static boolean holdsArrays() {
    return CPU_BACKEND;
  }

  /**
   * Whether the network builders should put one of sparktrain's own layers where DL4J's would
   * be: the arrays are in host memory and the layer's system property {@code switchProperty}
   * does not say {@code dl4j}.
   */
  public static boolean ownLayer(String switchProperty) {
    return holdsArrays() && !"dl4j".equalsIgnoreCase(System.getProperty(switchProperty));
  }
}
