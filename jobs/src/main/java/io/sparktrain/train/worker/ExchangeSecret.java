package io.sparktrain.train.worker;

import io.sparktrain.exchange.Handshake;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the training exchange's secret comes from, which every rendezvous and ring connection
 * proves (the stage keys derive from it; it never crosses a socket of the exchange).
 *
 * <p>With {@code spark.authenticate=true} it is the application's own secret, as Spark's security
 * manager holds it on the driver and on every executor ({@code spark.authenticate.secret}, the
 * secret file, or the one Spark generates in local mode): nothing about it travels with the
 * tasks. Without Spark's authentication there is no channel the executors already trust, so a
 * random per-run secret travels inside the task closures; the driver says so in its log, once
 * per application.
 */
public final class ExchangeSecret implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeSecret.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /** The per-run secret, only when Spark's authentication is off; else null. */
  private final byte[] carried;

  private ExchangeSecret(byte[] carried) {
    this.carried = carried;
  }

  /** On the driver: Spark's secret when authentication is on, else a fresh per-run one. */
  public static ExchangeSecret forRun() {
    SecurityManager security = SparkEnv.get().securityManager();
    if (security.isAuthenticationEnabled()) {
      sparkSecret(security);
      return new ExchangeSecret(null);
    }
    String app = SparkEnv.get().conf().getAppId();
    if (WARNED.add(app == null ? "" : app)) {
      LOG.warn("spark.authenticate is off: the training exchange proves a random per-run secret "
          + "that reaches the executors inside the task closures, in the clear unless Spark's "
          + "RPC is encrypted; set spark.authenticate=true (and a secret) on a shared network");
    }
    return new ExchangeSecret(Handshake.randomSecret());
  }

  /** The secret's bytes, on the driver or in a task. */
  public byte[] bytes() {
    return carried != null ? carried.clone() : sparkSecret(SparkEnv.get().securityManager());
  }

  /** Whether the secret is Spark's own rather than one carried with the tasks. */
  public boolean fromSpark() {
    return carried == null;
  }

  private static byte[] sparkSecret(SecurityManager security) {
    String secret = security.getSecretKey();
    if (secret == null || secret.isEmpty()) {
      throw new IllegalStateException("spark.authenticate is on but Spark holds no secret: set "
          + "spark.authenticate.secret or spark.authenticate.secret.file");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Never the secret itself: this object ends up in task descriptions and logs. */
  @Override
  public String toString() {
    return carried == null ? "ExchangeSecret[spark.authenticate]" : "ExchangeSecret[per run]";
  }
}
