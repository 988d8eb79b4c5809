/**
 * Hyperparameter search ({@code sparktrain search}): a job spec with a {@code search} section
 * expanded into trial specs (grid and seeded random draws over spec fields named by path), each
 * trial a normal train run in the search's run directory, run a few at a time from driver threads
 * in Spark's FAIR scheduler, optionally cut by successive halving; then {@code search.json},
 * {@code summary.md}, {@code best-spec.yaml} and a chart per searched field. Sits above
 * {@code pipeline}, whose {@code TrainJob} runs each trial; only {@code cli} uses it.
 */
package io.sparktrain.search;
