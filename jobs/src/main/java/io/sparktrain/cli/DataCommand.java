package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.data.DataSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparktrain data list} and {@code sparktrain data fetch <name>... | --all [--force]}: the
 * registered real data sets and the cache they install into ({@code SPARKTRAIN_DATA}, default
 * {@code ~/.cache/sparktrain}). Failures are {@code DataException}s, exit code 3.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "List the registered data sets, or fetch them into the data cache.")
final class DataCommand implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a data command is required: "
        + "list or fetch");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Show each data set, whether it is installed, its size and the cache root.")
  int list(@Option(names = "--verbose", description = "print stack traces of failures")
      boolean verbose) {
    DataCache cache = DataCache.fromEnvironment();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("data cache: %s (set %s to move it)%n", cache.root(), DataCache.ENV);
    out.printf("%-14s %-10s %9s  %s%n", "NAME", "STATUS", "SIZE", "DESCRIPTION");
    for (DataSet set : cache.catalog().all()) {
      long bytes = cache.installedBytes(set.name());
      out.printf("%-14s %-10s %9s  %s%n", set.name(), bytes < 0 ? "-" : "installed",
          bytes < 0 ? "-" : megabytes(bytes), set.description());
    }
    out.flush();
    return ExitCodes.OK;
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Download, verify and install data sets; installed ones are left alone "
          + "unless --force.")
  int fetch(
      @Parameters(arity = "0..*", paramLabel = "NAME", description = "data sets to fetch")
      List<String> names,
      @Option(names = "--all", description = "fetch every registered data set") boolean all,
      @Option(names = "--force", description = "fetch again even if installed; the old copy is "
          + "replaced only once the new one is verified") boolean force,
      @Option(names = "--verbose", description = "print stack traces of failures") boolean verbose) {
    boolean named = names != null && !names.isEmpty();
    if (named == all) {
      throw new CommandLine.ParameterException(spec.commandLine().getSubcommands().get("fetch"),
          "give either data set names or --all");
    }
    DataCache cache = DataCache.fromEnvironment();
    PrintWriter out = spec.commandLine().getOut();
    for (String name : all ? cache.catalog().names() : names) {
      if (!force && cache.isInstalled(name)) {
        out.printf("%s: already installed at %s%n", name, cache.path(name));
        continue;
      }
      long start = System.nanoTime();
      cache.fetch(name, force);
      out.printf(Locale.ROOT, "%s: installed at %s (%s, %.1f s)%n", name, cache.path(name),
          megabytes(cache.installedBytes(name)), (System.nanoTime() - start) / 1e9);
      out.flush();
    }
    return ExitCodes.OK;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
