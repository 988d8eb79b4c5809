package io.sparktrain.train.worker;

import io.sparktrain.data.Example;
import java.util.Iterator;
import scala.Tuple2;

/**
 * A task's input in a several-epoch barrier stage: its training shard and its slice of the
 * evaluation splits (tagged with their index), zipped partition by partition. Made and read in
 * the same task, never serialised.
 */
public record SpanInput(Iterator<Example> shard, Iterator<Tuple2<Integer, Example>> scored) {}
