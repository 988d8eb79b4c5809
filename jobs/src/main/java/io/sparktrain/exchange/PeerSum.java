package io.sparktrain.exchange;

/**
 * How the leaders of the executors taking part in an exchange add up their vectors: over the TCP
 * {@link RingAllReduce}, or through a {@link SharedFileSum} when every one of them runs on the
 * same host. Every peer ends with the same sum.
 */
public interface PeerSum extends AutoCloseable {

  /** Replaces {@code values} by the element-wise sum of every peer's {@code values}. */
  void sumInPlace(float[] values);

  /** Releases the transport; a peer that closes early fails the others' next sum. */
  @Override
  void close();
}
