package io.sparktrain.pipeline;

import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.JobSpec;
import java.util.List;

/**
 * {@code train}: a network of the spec's layers trained from its seed. Its {@code from}, if any,
 * names the {@code pretrain-w2v} stage whose word vectors its text data and embedding layer use.
 */
public record TrainStage(String name, String from, JobSpec job) implements Stage {

  public static final StageKind KIND = new StageKind("train",
      List.of("from", "data", "model", "optimizer", "training"),
      (node, r) -> r.build(() -> new TrainStage(r.name(), r.text("from"), r.job("model"))));

  public TrainStage {
    new Checks().required("name", name)
        .check(job.data() != null, "data", "missing required section")
        .check(job.model() != null, "model", "missing required section")
        .throwIfAny("stage " + name);
  }

  @Override
  public boolean trains() {
    return true;
  }

  @Override
  public Stage withJob(JobSpec other) {
    return new TrainStage(name, from, other);
  }

  /**
   * The {@code train} command: this stage run alone, in a run directory of its own under the
   * job's name, resuming the newest unfinished run of the same spec unless {@code newRun}.
   */
  public TrainResult runAlone(TrainJob trainer, String runsDir, boolean newRun) {
    return trainer.run(job, runsDir, newRun);
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    context.train(dir, this, resolved, ref,
        (data, shape) -> context.trainer().newNetwork(job, shape));
  }
}
