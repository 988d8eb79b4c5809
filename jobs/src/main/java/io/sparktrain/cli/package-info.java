/**
 * The {@code sparktrain} command line: one class per subcommand, and {@link
 * io.sparktrain.cli.ExitCodes}, the only place that turns failures into exit codes (0 done, 2 bad
 * spec or arguments, 3 bad data, 4 training diverged or failed, 5 output not writable, 1 anything
 * else). Only {@link io.sparktrain.cli.SparktrainCli#main} calls {@code System.exit}.
 */
package io.sparktrain.cli;
