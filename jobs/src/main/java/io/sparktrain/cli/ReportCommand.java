package io.sparktrain.cli;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.report.HtmlReports;
import io.sparktrain.spec.OutputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparktrain report DIR [DIR...]}: rebuilds report.html, or sets runs side by side. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Rebuild report.html of a run or pipeline directory from its files; given "
        + "several run directories, write one page that sets them side by side.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "run or pipeline run "
      + "directories (local, hdfs:// or s3a://)")
  private List<String> dirs;

  @Option(names = "--out", paramLabel = "FILE", description = "with several DIRs: the page to "
      + "write (default runs-side-by-side.html)")
  private Path out = Path.of("runs-side-by-side.html");

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    List<RunDirectory> runs = dirs.stream().map(d -> open(d, hadoop)).toList();
    if (runs.size() == 1) {
      HtmlReports.rebuild(runs.get(0));
      System.out.println("report written to " + runs.get(0).displayPath() + "/"
          + HtmlReports.FILE);
      return ExitCodes.OK;
    }
    Path temporary = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
    Files.writeString(temporary, HtmlReports.sideBySide(runs), StandardCharsets.UTF_8);
    Files.move(temporary, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println(runs.size() + " runs side by side in " + out);
    return ExitCodes.OK;
  }

  /** A directory as the run it is: its parent names the job, its own name the run. */
  private static RunDirectory open(String dir, Configuration hadoop) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
    org.apache.hadoop.fs.Path job = path.getParent();
    if (job == null || job.getParent() == null) {
      throw new OutputException(dir + ": not a run directory (runs/JOB/RUN)");
    }
    return RunDirectory.open(job.getParent().toString(), job.getName(), path.getName(), hadoop);
  }
}
