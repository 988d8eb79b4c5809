/**
 * Word2Vec: the single-machine training core and the vector file formats.
 *
 * <p>{@link io.sparktrain.embed.Vocabulary} holds the counted words with their subsampling
 * thresholds and negative-sampling distribution; {@link io.sparktrain.embed.Word2VecTrainer} runs
 * skip-gram or CBOW with negative sampling (Mikolov et al. 2013, "Distributed Representations of
 * Words and Phrases and their Compositionality") over sentences already encoded as word indices,
 * updating caller-owned weight matrices ({@link io.sparktrain.embed.Word2VecWeights}) in place with
 * lock-free threads. A call trains one shard for one pass and reports how far the run has got
 * ({@link io.sparktrain.embed.RunPosition}), so that the Spark layer can split a run into rounds
 * and partitions, average both matrices between them, and still decay the learning rate as one
 * run would. {@link io.sparktrain.embed.WordVectors} answers similarity queries on the result and
 * {@link io.sparktrain.embed.Word2VecFormat} reads and writes the word2vec text and binary files.
 *
 * <p>Nothing here depends on Spark: the classes that ship to executors are serializable or built
 * from serializable parts.
 */
package io.sparktrain.embed;
