package io.sparktrain.embed;

import io.sparktrain.spec.Word2VecSpec;
import java.io.Serializable;

/**
 * Where one training call sits in a whole run, which sets its learning rate and random streams.
 * The learning rate falls linearly from learningRate to minLearningRate over {@code totalWords} (epochs × corpus
 * words counted before subsampling, as word2vec.c and gensim count them), so a run split into
 * rounds and partitions decays as one uninterrupted run would.
 *
 * @param wordsDone words all partitions processed before this call, &gt;= 0
 * @param totalWords words in the whole run, &gt;= 1
 * @param round index of this call in the run (an epoch, or a round within epochs), &gt;= 0; seeds
 *     the random streams
 * @param partition which of the concurrent workers this is, in [0, partitions)
 * @param partitions how many workers train concurrently in this round, &gt;= 1; each assumes the
 *     others advance at its pace when it estimates the run's progress
 */
public record RunPosition(long wordsDone, long totalWords, int round, int partition,
    int partitions) implements Serializable {

  /** @throws IllegalArgumentException if a field is out of range */
  public RunPosition {
    if (wordsDone < 0 || totalWords < 1 || round < 0 || partitions < 1 || partition < 0
        || partition >= partitions) {
      throw new IllegalArgumentException("run position out of range: " + wordsDone + "/"
          + totalWords + " words, round " + round + ", partition " + partition + " of "
          + partitions);
    }
  }

  /** The start of a single-machine run of {@code totalWords} words. */
  public static RunPosition start(long totalWords) {
    return new RunPosition(0, totalWords, 0, 0, 1);
  }

  /** This round as seen by one of {@code partitions} concurrent workers. */
  public RunPosition forPartition(int newPartition, int newPartitions) {
    return new RunPosition(wordsDone, totalWords, round, newPartition, newPartitions);
  }

  /**
   * The next round, after every partition of this one has finished.
   *
   * @param rawWords words processed in this round, summed over all partitions
   */
  public RunPosition next(long rawWords) {
    return new RunPosition(wordsDone + rawWords, totalWords, round + 1, partition, partitions);
  }

  /** The learning rate once {@code words} of the run are done, never below minLearningRate. */
  public static float alpha(Word2VecSpec config, long words, long totalWords) {
    double progress = Math.min(1.0, words / (double) totalWords);
    return (float) Math.max(config.minLearningRate(),
        config.learningRate() - (config.learningRate() - config.minLearningRate()) * progress);
  }
}
