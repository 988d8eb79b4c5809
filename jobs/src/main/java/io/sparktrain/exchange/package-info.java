/**
 * How replicas' states are averaged and moved between the tasks of a training: the averaging rule
 * and the transports that carry it, with no knowledge of networks, data or Spark's scheduling.
 *
 * <p>{@link io.sparktrain.exchange.ExampleWeightedSum} is the rule (the example-weighted mean of
 * parameters and updater state), in the three forms the engines use. The rest is transport for
 * one epoch's barrier stage: the tasks meet through the driver's
 * {@link io.sparktrain.exchange.Rendezvous}; each joins a
 * {@link io.sparktrain.exchange.TaskExchange}, which sums through shared memory with the tasks of
 * its own JVM ({@link io.sparktrain.exchange.LocalGroup}) and, from the JVM's leader, over a TCP
 * {@link io.sparktrain.exchange.RingAllReduce} with the other executors, or through a
 * {@link io.sparktrain.exchange.SharedFileSum} when they all run on one host (both are a
 * {@link io.sparktrain.exchange.PeerSum}); there a replica may keep its state in its slot of the
 * file, and the peers average it where it lies. Every wait is bounded and
 * watches Spark's kill flag ({@code TaskKills}); a failure is an
 * {@link io.sparktrain.exchange.ExchangeException}, which fails the stage for Spark to retry.
 *
 * <p>Security: every connection, to the rendezvous and between ring peers, proves knowledge of a
 * stage key derived from the application's secret ({@link io.sparktrain.exchange.Handshake},
 * HMAC-SHA256 challenge-response); ring frames may be sealed with AES-GCM
 * ({@link io.sparktrain.exchange.FrameCipher}); sockets bind to one address and a port range
 * ({@link io.sparktrain.exchange.Endpoint}). See docs/security.md.
 *
 * <p>Depends only on the JDK, SLF4J and Spark's {@code TaskContext} (for the kill flag).
 */
package io.sparktrain.exchange;
