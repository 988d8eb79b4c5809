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
 * @param ringOnly whether tasks in one JVM still exchange over TCP as if each had its own executor
 *     ({@code spark.sparktrain.exchange=ring}): to test and measure the path between executors
 *     in local mode
 * @param ringPorts the ports an executor's ring socket may use ({@code spark.sparktrain.ringPorts});
 *     its host is replaced by the executor's own address in the task
 * @param secret where the tasks find the exchange's secret ({@link ExchangeSecret})
 * @param encrypt whether state crossing the ring is encrypted
 */
public record StageSettings(String name, String rendezvous, int timeoutMillis,
    FailurePoint failure, boolean ringOnly, Endpoint ringPorts, ExchangeSecret secret,
    boolean encrypt) implements Serializable {}
