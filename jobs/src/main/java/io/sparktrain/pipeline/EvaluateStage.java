package io.sparktrain.pipeline;

import io.sparktrain.data.LabeledData;
import io.sparktrain.report.ConsoleProgress;
import io.sparktrain.report.EvaluationReport;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.DataSpec;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.train.EvalResult;
import io.sparktrain.train.Evaluator;
import io.sparktrain.train.Target;
import java.util.List;

/** {@code evaluate}: a trained model on a data set's test split. */
public record EvaluateStage(String name, String from, String source, JobSpec job)
    implements Stage {

  public static final StageKind KIND = new StageKind("evaluate", List.of("from", "source", "data"),
      (node, r) -> r.build(() -> new EvaluateStage(r.name(), r.text("from"), r.text("source"),
          r.job(null))));

  public EvaluateStage {
    new Checks().required("name", name).oneInput(from, source)
        .check(job.data() != null, "data", "missing required section")
        .throwIfAny("stage " + name);
  }

  @Override
  public Stage withJob(JobSpec other) {
    return new EvaluateStage(name, from, source, other);
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    context.onModel(dir, this, resolved, ref, (network, record) -> {
      DataSpec dataSpec = job.data();
      LabeledData data = context.data(job);
      Target target = TrainJob.targetOf(dataSpec, data);
      try (Evaluator evaluator = new Evaluator(context.sc(), target)) {
        EvalResult test = evaluator.evaluate(network, data.test());
        dir.writeText(EvaluationReport.FILE, EvaluationReport.toJson(test, data.numClasses()));
        context.console().printf("  test accuracy %.2f%%, loss %.4f on %d examples of %s%n",
            100 * test.accuracy(), test.meanLoss(), test.examples(), dataSpec.source());
        if (!test.targetScores().isEmpty()) {
          context.console().println("  test " + ConsoleProgress.scores(test.targetScores()));
        }
        return record.withTest(new RunRecord.TestScores(test.examples(), test.accuracy(),
            test.meanLoss(), null)).withOutcome(TrainJob.outcome(test, null));
      } finally {
        data.unpersist();
      }
    });
  }
}
