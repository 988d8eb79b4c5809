package io.sparktrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.train.worker.ExchangeSecret;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * With {@code spark.authenticate=true} the exchange is keyed by Spark's own application secret,
 * which the tasks find in their executor's security manager: nothing of it travels with them,
 * and engine v2 still trains (every task derived the driver's stage keys).
 */
class ExchangeSecretTest {

  private static final String SECRET = "a-test-secret-that-must-not-travel-0123456789";
  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    SparkConf conf = new SparkConf()
        .setMaster("local[2]")
        .setAppName("ExchangeSecretTest")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.authenticate", "true")
        .set("spark.authenticate.secret", SECRET);
    KryoSetup.apply(conf);
    sc = JavaSparkContext.fromSparkContext(
        SparkSession.builder().config(conf).getOrCreate().sparkContext());
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  @Test
  void theSecretIsSparksAndNothingOfItTravelsWithTheTasks() throws Exception {
    ExchangeSecret secret = ExchangeSecret.forRun();
    assertTrue(secret.fromSpark());
    // In local mode Spark replaces a configured secret by one it generates per application.
    String sparks = SparkEnv.get().securityManager().getSecretKey();
    assertTrue(sparks.length() >= 32, "Spark's secret");
    assertArrayEquals(sparks.getBytes(StandardCharsets.UTF_8), secret.bytes());
    ByteArrayOutputStream serialized = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
      out.writeObject(secret);
    }
    assertFalse(serialized.toString(StandardCharsets.ISO_8859_1).contains(sparks));
    assertFalse(secret.toString().contains(sparks));
  }

  @Test
  void engineV2TrainsOverTheRingWithSparksSecret() {
    sc.setLocalProperty(BarrierEngine.EXCHANGE_KEY, "ring");
    sc.setLocalProperty(BarrierEngine.ENCRYPTION_KEY, "true");
    MultiLayerNetwork initial = SyntheticData.network(new Adam(0.02), 3, 0.0);
    EngineOptions options = new EngineOptions(8, 3, SyntheticData.CLASSES, 3, true);
    try (TrainingEngine engine = new BarrierEngine(
        sc, sc.parallelize(SyntheticData.blobs(200, 4), 2), initial, options)) {
      EpochResult epoch = engine.trainEpoch(0, RoundListener.NONE);
      assertEquals(200, epoch.examples());
      assertTrue(Double.isFinite(epoch.meanLoss()), "loss " + epoch.meanLoss());
    } finally {
      sc.setLocalProperty(BarrierEngine.EXCHANGE_KEY, null);
      sc.setLocalProperty(BarrierEngine.ENCRYPTION_KEY, null);
    }
  }
}
