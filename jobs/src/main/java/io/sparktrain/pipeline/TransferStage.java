package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.transfer.StageNetworks;
import java.util.List;

/**
 * {@code transfer}: a trained model's layers up to {@code keep}, frozen or not, under a new head
 * ({@code head}, held as the job's model), trained.
 *
 * @param keep the last layer kept from the source, by 0-based index or by name
 * @param freeze whether the kept layers are frozen; default {@link #DEFAULT_FREEZE}
 */
public record TransferStage(String name, String from, String source, JobSpec job, String keep,
    boolean freeze) implements Stage {

  public static final boolean DEFAULT_FREEZE = true;

  public static final StageKind KIND = new StageKind("transfer",
      List.of("from", "source", "keep", "freeze", "head", "data", "optimizer", "training"),
      (node, r) -> {
        boolean freeze = node.get("freeze").bool(DEFAULT_FREEZE);
        return r.build(() -> new TransferStage(r.name(), r.text("from"), r.text("source"),
            r.job("head"), r.scalar("keep"), freeze));
      });

  public TransferStage {
    new Checks().required("name", name).oneInput(from, source)
        .required("keep", keep)
        .check(job.data() != null, "data", "missing required section")
        .check(job.model() != null, "head", "missing required section (the new layers)")
        .throwIfAny("stage " + name);
  }

  @Override
  public boolean trains() {
    return true;
  }

  @Override
  public Stage withJob(JobSpec other) {
    return new TransferStage(name, from, source, other, keep, freeze);
  }

  @Override
  public void resolve(ObjectNode settings) {
    settings.put("keep", keep).put("freeze", freeze);
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    context.train(dir, this, resolved, ref, (data, shape) -> StageNetworks.transfer(
        context.load(this), keep, freeze, job, shape));
  }
}
