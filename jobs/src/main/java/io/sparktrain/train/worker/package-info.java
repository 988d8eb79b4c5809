/**
 * What the engines run on the executors, whatever the network library: the tasks of engine v2's
 * barrier stage ({@link io.sparktrain.train.worker.EpochTask}) and of engine v1's rounds ({@link
 * io.sparktrain.train.worker.RoundTask}), the one {@link io.sparktrain.train.worker.EpochPlan}
 * both follow, the seeds every random choice derives from ({@link
 * io.sparktrain.train.worker.Seeds}), and the executor-resident replicas ({@link
 * io.sparktrain.train.worker.ReplicaCache}), which a {@link
 * io.sparktrain.train.worker.ReplicaSource} builds. The tasks use only the {@link
 * io.sparktrain.train.replica.Replica} interface and the {@code io.sparktrain.exchange} package;
 * nothing here imports DL4J or the engine package above.
 */
package io.sparktrain.train.worker;
