package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class GpuAffinityTest {

  private static Map<String, ResourceInformation> gpus(String... addresses) {
    return Map.of(GpuAffinity.GPU, new ResourceInformation(GpuAffinity.GPU, addresses));
  }

  @Test
  void usesTheFirstAssignedGpuOnCuda() {
    assertEquals(OptionalInt.of(1), GpuAffinity.device(gpus("1"), 2, true));
  }

  @Test
  void doesNothingOnCpuWithoutResourcesOrWithoutAddresses() {
    assertTrue(GpuAffinity.device(gpus("0"), 1, false).isEmpty());
    assertTrue(GpuAffinity.device(Map.of(), 4, true).isEmpty());
    assertTrue(GpuAffinity.device(gpus(), 4, true).isEmpty());
  }

  @Test
  void rejectsAnAddressNd4jHasNoDeviceFor() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GpuAffinity.device(gpus("3"), 2, true));
    assertTrue(e.getMessage().contains("Spark assigned GPU 3 but ND4J sees 2"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> GpuAffinity.device(gpus("GPU-1a2b"), 2, true));
  }
}
