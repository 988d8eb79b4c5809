package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.runs.AtomicWrite;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.OutputException;
import io.sparktrain.transfer.ModelSources;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code export}: a trained model copied, atomically, to a path on any Hadoop file system.
 *
 * @param path where the model goes
 */
public record ExportStage(String name, String from, String source, String path)
    implements Stage {

  public static final StageKind KIND = new StageKind("export", List.of("from", "source", "path"),
      (node, r) -> r.build(() -> new ExportStage(r.name(), r.text("from"), r.text("source"),
          r.text("path"))));

  public ExportStage {
    new Checks().required("name", name).oneInput(from, source).required("path", path)
        .throwIfAny("stage " + name);
  }

  @Override
  public void resolve(ObjectNode settings) {
    settings.put("path", path);
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    context.onModel(dir, this, resolved, ref, (network, record) -> {
      ModelSources.Located input = context.input(this);
      Path target = new Path(path);
      try {
        FileSystem in = input.file().getFileSystem(context.sc().hadoopConfiguration());
        FileSystem out = target.getFileSystem(context.sc().hadoopConfiguration());
        try (InputStream from = in.open(input.file())) {
          AtomicWrite.file(out, out.makeQualified(target), from::transferTo);
        }
        context.console().printf("  model exported to %s%n", target);
        return record.withOutput(new RunRecord.StageOutput(null, null, null,
            out.makeQualified(target).toString(), input.sha256()));
      } catch (IOException e) {
        throw new OutputException("export: cannot write " + target + ": " + e.getMessage(), e);
      }
    });
  }
}
