/**
 * sparktrain inside {@code spark.ml}: {@link io.sparktrain.ml.SparktrainClassifier}, an Estimator
 * whose Params are a job spec's sections, trains through the same engines as {@code train}
 * ({@link io.sparktrain.train.Engines}); its {@link io.sparktrain.ml.SparktrainClassificationModel}
 * adds prediction and probability columns and saves with the resolved spec and provenance. Also the
 * inputs of batch prediction ({@link io.sparktrain.ml.PredictionInputs}). Imports train, model,
 * data, spec and pipeline's provenance; only cli imports it.
 */
package io.sparktrain.ml;
