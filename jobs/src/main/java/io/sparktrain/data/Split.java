package io.sparktrain.data;

/** The part of a data set an example belongs to. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST
}
