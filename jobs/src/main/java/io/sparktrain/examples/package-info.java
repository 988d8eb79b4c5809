/**
 * Examples for users, runnable from a checkout (notebooks/5-spark-ml-cross-validation.ipynb runs
 * them); nothing in the library depends on them.
 */
package io.sparktrain.examples;
