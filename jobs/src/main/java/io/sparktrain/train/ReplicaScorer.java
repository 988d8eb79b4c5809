package io.sparktrain.train;

import io.sparktrain.data.Example;
import io.sparktrain.train.replica.Replica;
import io.sparktrain.train.worker.SliceScorer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import scala.Tuple2;

/**
 * Scores a training replica on its task's slices of the evaluation splits, in the barrier stage
 * that trained it, as {@link Evaluator} scores a broadcast copy in a job of its own: the same
 * {@link EvalResult} per split, merged on the driver.
 */
final class ReplicaScorer implements SliceScorer {

  private static final long serialVersionUID = 1L;

  private final String id = UUID.randomUUID().toString();
  private final Target target;
  private final int splits;

  ReplicaScorer(Target target, int splits) {
    this.target = target;
    this.splits = splits;
  }

  @Override
  public String id() {
    return id;
  }

  /** One {@link Shard} per split, read once. */
  @Override
  public Object slices(Iterator<Tuple2<Integer, Example>> examples) {
    List<List<Example>> bySplit = new ArrayList<>();
    for (int i = 0; i < splits; i++) {
      bySplit.add(new ArrayList<>());
    }
    examples.forEachRemaining(tagged -> bySplit.get(tagged._1()).add(tagged._2()));
    List<Shard> shards = new ArrayList<>();
    for (List<Example> split : bySplit) {
      shards.add(Shard.of(split.iterator(), target));
    }
    return shards;
  }

  @Override
  public byte[] score(Replica replica, Object slices) {
    @SuppressWarnings("unchecked")
    List<Shard> shards = (List<Shard>) slices;
    ArrayList<EvalResult> results = new ArrayList<>();
    for (Shard shard : shards) {
      results.add(shard.size() == 0 ? empty()
          : EvalTask.score((Dl4jReplica) replica, shard, target));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise a task's evaluation scores", e);
    }
    return bytes.toByteArray();
  }

  /** Every task's scores merged, one result per split, as {@link Evaluator#evaluate} gives. */
  List<EvalResult> merge(List<byte[]> tasks) {
    List<EvalResult> merged = new ArrayList<>();
    for (int i = 0; i < splits; i++) {
      merged.add(empty());
    }
    for (byte[] task : tasks) {
      List<EvalResult> results = read(task);
      for (int i = 0; i < splits; i++) {
        merged.set(i, merged.get(i).merge(results.get(i)));
      }
    }
    return merged;
  }

  private EvalResult empty() {
    return EvalResult.empty(Math.max(2, target.numClasses()));
  }

  @SuppressWarnings("unchecked")
  private List<EvalResult> read(byte[] task) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(task))) {
      List<EvalResult> results = (List<EvalResult>) in.readObject();
      if (results.size() != splits) {
        throw new IllegalStateException("a task scored " + results.size() + " splits; expected "
            + splits);
      }
      return results;
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("a task's evaluation scores could not be read: " + e, e);
    }
  }
}
