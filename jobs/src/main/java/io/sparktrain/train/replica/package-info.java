/**
 * The boundary between the engines and the network library: {@link
 * io.sparktrain.train.replica.Replica} (load and capture the state, flat state views, the step
 * loop, evaluation) and the library-free values that cross it ({@link
 * io.sparktrain.train.replica.GlobalState}, the step and evaluation tallies). Nothing here imports
 * DL4J's networks or Spark (only ND4J's {@code Evaluation}, the class counts the reports are built
 * on); the DL4J implementation is {@code
 * io.sparktrain.train.MultiLayerReplica}, and the interface's javadoc says how a graph network, an
 * own optimizer step or a second backend plugs in.
 */
package io.sparktrain.train.replica;
