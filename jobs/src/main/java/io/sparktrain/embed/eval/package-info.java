/**
 * Intrinsic evaluation of word embeddings on sets built from WordNet: synonym tests against random
 * control pairs ({@link io.sparktrain.embed.eval.WordNetPairs}) and capital-of analogies mined from
 * glosses ({@link io.sparktrain.embed.eval.CapitalAnalogies}), bundled and written to plain text by
 * {@link io.sparktrain.embed.eval.EvaluationSets}, scored by
 * {@link io.sparktrain.embed.eval.EmbeddingEvaluation}.
 *
 * <p>Vectors come in through the {@link io.sparktrain.embed.eval.Vectors} interface, so the package
 * depends on no trainer; {@code benchmarks/w2v/evaluate.py} scores gensim's vectors on the written
 * files the same way. Missing or malformed WordNet files are an
 * {@link io.sparktrain.spec.DataException}.
 */
package io.sparktrain.embed.eval;
