/**
 * Input data: the registry of real data sets ({@link io.sparktrain.data.DataCatalog}), the cache
 * that fetches, verifies and installs them ({@link io.sparktrain.data.DataCache}), lazy reading of
 * text corpora ({@link io.sparktrain.data.Corpus}) and the {@link io.sparktrain.data.Example}
 * records that carry labelled examples through Spark.
 *
 * <p>Every failure a user can act on (unknown set, no mirror reachable, checksum mismatch) is an
 * {@link io.sparktrain.spec.DataException}, exit code 3.
 */
package io.sparktrain.data;
