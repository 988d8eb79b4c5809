package io.sparktrain.train;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins ND4J to the GPU Spark assigned to the running task ({@code spark.task.resource.gpu.amount=1}
 * with a discovery script; see cluster/README.md). ND4J binds each thread to a device, and Spark
 * runs tasks on pooled threads, so every task pins its thread before touching an array. Does
 * nothing on the CPU backend, outside a task, or when the task was given no GPU.
 */
final class GpuAffinity {

  static final String GPU = "gpu";

  private GpuAffinity() {}

  /** Pins the current task's thread; call first thing in a task. */
  static void pinCurrentTask() {
    TaskContext task = TaskContext.get();
    // Called every round: return before asking ND4J anything when the task has no GPU.
    if (task == null || !task.resourcesJMap().containsKey(GPU) || !CUDA) {
      return;
    }
    device(task.resourcesJMap(), Nd4j.getAffinityManager().getNumberOfDevices(), true)
        .ifPresent(d -> Nd4j.getAffinityManager().unsafeSetDevice(d));
  }

  /**
   * The device to use: the first GPU address Spark assigned, when the backend is CUDA and the
   * address names one of its devices.
   *
   * @throws IllegalStateException if Spark assigned an address ND4J has no device for (a discovery
   *     script and CUDA disagreeing on numbering, say), rather than silently sharing GPU 0
   */
  static OptionalInt device(Map<String, ResourceInformation> resources, int devices,
      boolean cuda) {
    ResourceInformation gpus = resources.get(GPU);
    if (!cuda || gpus == null || gpus.addresses().length == 0) {
      return OptionalInt.empty();
    }
    String address = gpus.addresses()[0];
    int index;
    try {
      index = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Spark assigned GPU address '" + address
          + "', which is not a CUDA device index; make the discovery script print indices", e);
    }
    if (index < 0 || index >= devices) {
      throw new IllegalStateException("Spark assigned GPU " + index + " but ND4J sees " + devices
          + " device(s); check CUDA_VISIBLE_DEVICES and the discovery script");
    }
    return OptionalInt.of(index);
  }

  /** The backend is fixed for the life of the JVM. */
  private static final boolean CUDA =
      Nd4j.getBackend().getClass().getName().toLowerCase(Locale.ROOT).contains("cuda");
}
