package io.sparktrain.train.worker;

import io.sparktrain.exchange.Endpoint;
import java.io.Serializable;

/**
 * How the tasks of one epoch's barrier stage meet and exchange, besides what they train.
 *
 * @param name the stage's name at the driver's {@code Rendezvous} (run and epoch); not secret
 * @param rendezvous the driver's {@code Rendezvous} address, "host:port"
 * @param timeoutMillis how long a task waits for a peer before it fails the stage
 * @param failure a failure to inject, for tests of the stage retry; {@link FailurePoint#NONE}
 * @param mode which paths between the tasks the exchange may take
 *     ({@code spark.sparktrain.exchange})
 * @param ringPorts the ports an executor's ring socket may use ({@code spark.sparktrain.ringPorts});
 *     its host is replaced by the executor's own address in the task
 * @param secret where the tasks find the exchange's secret ({@link ExchangeSecret})
 * @param encrypt whether state crossing the ring is encrypted
 */
public record StageSettings(String name, String rendezvous, int timeoutMillis,
    FailurePoint failure, Mode mode, Endpoint ringPorts, ExchangeSecret secret,
    boolean encrypt) implements Serializable {

  /** The values of {@code spark.sparktrain.exchange}. */
  public enum Mode {
    /**
     * Tasks in one JVM average through shared memory; executors on one host through a shared
     * file; executors on several hosts over the TCP ring.
     */
    AUTO,
    /**
     * Every task is its own ring peer over TCP, even in one JVM: the path between hosts, to test
     * and measure in local mode, or to keep state off shared memory.
     */
    RING,
    /** Every task is its own peer, through the shared file: the path between JVMs on one host. */
    FILE;

    /** @throws IllegalArgumentException naming {@code key} if {@code value} is none of them */
    public static Mode parse(String value, String key) {
      for (Mode mode : values()) {
        if (mode.name().equalsIgnoreCase(value.strip())) {
          return mode;
        }
      }
      throw new IllegalArgumentException(key + ": expected auto, ring or file, found '" + value
          + "'");
    }

    /** Whether each task is its own peer, as if it had its own executor. */
    public boolean taskPerPeer() {
      return this != AUTO;
    }

    /** Whether peers on one host may sum through a shared file. */
    public boolean sharedFile() {
      return this != RING;
    }
  }
}
