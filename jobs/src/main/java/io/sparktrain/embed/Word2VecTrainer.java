package io.sparktrain.embed;

import io.sparktrain.spec.Word2VecSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains Word2Vec with negative sampling (Mikolov et al. 2013, "Distributed Representations of
 * Words and Phrases and their Compositionality") on sentences of word indices, updating
 * caller-owned weights in place.
 *
 * <p>One {@link #train} call is one pass over the sentences it is given, split into
 * {@link Word2VecSpec#threads()} contiguous slices of about equal word count trained
 * concurrently without locks. Its {@link RunPosition} places it in the whole run, which fixes the
 * learning rate (linear decay over the run's words) and the random streams (from the seed, round,
 * partition and thread), so a run split into rounds and partitions decays as one run would, and a
 * single-threaded call is repeatable bit for bit. With several threads the lock-free updates race,
 * so results depend on scheduling, as with word2vec.c and gensim.
 */
public final class Word2VecTrainer {

  private final Word2VecSpec config;
  private final Vocabulary vocabulary;

  /**
   * @throws IllegalArgumentException if the vocabulary was built with another subsampling rate
   *     than the configuration's
   */
  public Word2VecTrainer(Word2VecSpec config, Vocabulary vocabulary) {
    if (Double.compare(config.sample(), vocabulary.sample()) != 0) {
      throw new IllegalArgumentException("word2vec: vocabulary built with sample "
          + vocabulary.sample() + " but configured " + config.sample());
    }
    this.config = config;
    this.vocabulary = vocabulary;
  }

  /** The starting weights for this vocabulary and configuration (word2vec.c's). */
  public Word2VecWeights initialWeights() {
    return Word2VecWeights.initial(vocabulary.size(), config.dim(), config.seed());
  }

  /**
   * One pass over {@code sentences}.
   *
   * @param sentences word indices of the vocabulary, out-of-vocabulary words already removed
   * @param weights updated in place; must match the vocabulary size and {@code dim}
   * @param position where this call sits in the run
   * @return words read and trained, the last learning rate and the wall time
   * @throws IllegalArgumentException if the weights do not fit, or a sentence holds an index
   *     outside the vocabulary
   */
  public TrainingResult train(List<int[]> sentences, Word2VecWeights weights,
      RunPosition position) {
    if (weights.dim() != config.dim() || weights.vocabSize() != vocabulary.size()) {
      throw new IllegalArgumentException("word2vec: weights are " + weights.vocabSize() + " x "
          + weights.dim() + ", expected " + vocabulary.size() + " x " + config.dim());
    }
    long t0 = System.nanoTime();
    int[] bounds = slices(sentences, config.threads());
    int slices = bounds.length - 1;
    List<SentenceWorker> workers = new ArrayList<>(slices);
    for (int t = 0; t < slices; t++) {
      workers.add(new SentenceWorker(config, vocabulary, weights, FastRandom.streamSeed(
          config.seed(), position.round(), position.partition(), t)));
    }
    int share = slices * position.partitions();
    if (slices == 1) {
      workers.get(0).run(sentences, bounds[0], bounds[1], position, share);
    } else {
      runConcurrently(workers, sentences, bounds, position, share);
    }
    long raw = 0;
    long trained = 0;
    float alpha = RunPosition.alpha(config, position.wordsDone(), position.totalWords());
    for (SentenceWorker w : workers) {
      raw += w.rawWords();
      trained += w.trainedWords();
      if (w.rawWords() > 0) {
        alpha = Math.min(alpha, w.alpha());
      }
    }
    return new TrainingResult(raw, trained, alpha, System.nanoTime() - t0);
  }

  /**
   * A whole single-machine run: {@link Word2VecSpec#epochs()} passes over {@code sentences},
   * the learning rate decaying over all of them.
   */
  public TrainingResult fit(List<int[]> sentences, Word2VecWeights weights) {
    long corpusWords = 0;
    for (int[] s : sentences) {
      corpusWords += s.length;
    }
    RunPosition position = RunPosition.start(Math.max(1, corpusWords * config.epochs()));
    TrainingResult total = new TrainingResult(0, 0, (float) config.learningRate(), 0);
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      TrainingResult pass = train(sentences, weights, position);
      total = total.then(pass);
      position = position.next(pass.rawWords());
    }
    return total;
  }

  /**
   * Sentence indices splitting the list into at most {@code parts} contiguous slices of about
   * equal word count (equal sentence counts would leave a thread idle behind one with the long
   * sentences); element i is slice i's first sentence, the last element is the list size.
   */
  static int[] slices(List<int[]> sentences, int parts) {
    long total = 0;
    for (int[] s : sentences) {
      total += s.length;
    }
    int n = (int) Math.max(1, Math.min(parts, Math.min(total, sentences.size())));
    int[] bounds = new int[n + 1];
    long seen = 0;
    int slice = 1;
    for (int i = 0; i < sentences.size() && slice < n; i++) {
      seen += sentences.get(i).length;
      if (seen * n >= total * slice) {
        bounds[slice++] = i + 1;
      }
    }
    for (; slice <= n; slice++) {
      bounds[slice] = sentences.size();
    }
    return bounds;
  }

  private static void runConcurrently(List<SentenceWorker> workers, List<int[]> sentences,
      int[] bounds, RunPosition position, int share) {
    ExecutorService pool = Executors.newFixedThreadPool(workers.size(), r -> {
      Thread t = new Thread(r, "word2vec-worker");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < workers.size(); t++) {
        SentenceWorker w = workers.get(t);
        int from = bounds[t];
        int to = bounds[t + 1];
        futures.add(pool.submit(() -> w.run(sentences, from, to, position, share)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("word2vec training interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("word2vec worker failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
