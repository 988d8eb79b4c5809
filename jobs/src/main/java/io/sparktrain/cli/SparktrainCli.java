package io.sparktrain.cli;
public class SparktrainCli { public static void main(String[] a) {} }
