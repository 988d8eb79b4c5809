package io.sparktrain.train.worker;

import java.io.Serializable;

/**
 * How the tasks of one epoch's barrier stage meet and exchange, besides what they train.
 *
 * @param rendezvous the driver's {@code Rendezvous} address, "host:port"
 * @param timeoutMillis how long a task waits for a peer before it fails the stage
 * @param failure a failure to inject, for tests of the stage retry; {@link FailurePoint#NONE}
 * @param ringOnly whether tasks in one JVM still exchange over TCP as if each had its own executor
 *     ({@code spark.sparktrain.exchange=ring}): to test and measure the path between executors
 *     in local mode
 */
public record StageSettings(String rendezvous, int timeoutMillis, FailurePoint failure,
    boolean ringOnly) implements Serializable {}
