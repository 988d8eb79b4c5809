package io.sparktrain.embed;

import java.io.Serializable;

/**
 * What one training call did.
 *
 * @param rawWords words read, before subsampling: the unit of the run's progress
 * @param trainedWords words left after subsampling, each a centre word of training
 * @param lastAlpha learning rate at the end of the call
 * @param nanos wall time of the call
 */
public record TrainingResult(long rawWords, long trainedWords, float lastAlpha, long nanos)
    implements Serializable {

  /** Words read per second of wall time (word2vec.c and gensim report this rate). */
  public double wordsPerSecond() {
    return nanos == 0 ? 0 : rawWords * 1e9 / nanos;
  }

  /** The totals of this call followed by {@code later}. */
  public TrainingResult then(TrainingResult later) {
    return new TrainingResult(rawWords + later.rawWords, trainedWords + later.trainedWords,
        later.lastAlpha, nanos + later.nanos);
  }
}
