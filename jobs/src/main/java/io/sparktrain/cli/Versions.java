package io.sparktrain.cli;

import io.sparktrain.runs.CodeVersion;
import picocli.CommandLine;

/** Tells picocli's --version what build this is. */
final class Versions implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"sparktrain " + CodeVersion.current()};
  }
}
