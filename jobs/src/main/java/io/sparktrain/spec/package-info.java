/**
 * Job specs: the YAML a user writes, read into validated, immutable records.
 *
 * <p>Plain Java only: no Spark and no DL4J types live here. Every record states its defaults once;
 * {@link io.sparktrain.spec.SpecReader} collects every problem in a document before it fails, and
 * each problem names its dotted field path, the value found and the rule.
 */
package io.sparktrain.spec;
