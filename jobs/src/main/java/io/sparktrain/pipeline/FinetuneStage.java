package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.JobSpec;
import io.sparktrain.spec.LayerRate;
import io.sparktrain.spec.Range;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecNode;
import io.sparktrain.transfer.StageNetworks;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code finetune}: a trained model whole, its top {@code unfreeze} layers trained on, groups of
 * layers at their own learning rates.
 *
 * @param unfreeze how many layers from the top train; {@link #ALL_LAYERS} (the default) for all
 * @param learningRates learning rates of layer groups; a group that names none trains at the
 *     optimizer's rate, which the record fills in
 */
public record FinetuneStage(String name, String from, String source, JobSpec job, int unfreeze,
    List<LayerRate> learningRates) implements Stage {

  /** {@code unfreeze: all}. */
  public static final int ALL_LAYERS = -1;

  public static final StageKind KIND = new StageKind("finetune",
      List.of("from", "source", "unfreeze", "learningRates", "data", "optimizer", "training"),
      (node, r) -> {
        int unfreeze = unfreeze(node.get("unfreeze"));
        List<LayerRate> rates = rates(node.get("learningRates"));
        return r.build(() -> new FinetuneStage(r.name(), r.text("from"),
            r.text("source"), r.job(null), unfreeze, rates));
      });

  public FinetuneStage {
    new Checks().required("name", name).oneInput(from, source)
        .check(job.data() != null, "data", "missing required section")
        .check(unfreeze == ALL_LAYERS || unfreeze >= 1, "unfreeze",
            "must be >= 1 or 'all', found " + unfreeze)
        .throwIfAny("stage " + name);
    double rate = job.optimizer().learningRate();
    learningRates = learningRates.stream().map(g -> g.resolved(rate)).toList();
  }

  @Override
  public boolean trains() {
    return true;
  }

  @Override
  public Stage withJob(JobSpec other) {
    return new FinetuneStage(name, from, source, other, unfreeze, learningRates);
  }

  /** As the reader reads them: {@code unfreeze: all | n}, {@code layers: [first, last]}. */
  @Override
  public void resolve(ObjectNode settings) {
    settings.put("unfreeze", unfreeze == ALL_LAYERS ? "all" : String.valueOf(unfreeze));
    for (LayerRate group : learningRates) {
      ObjectNode g = settings.withArray("learningRates").addObject();
      g.putArray("layers").add(group.first()).add(group.last());
      g.put("learningRate", group.learningRate());
    }
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    context.train(dir, this, resolved, ref, (data, shape) -> StageNetworks.finetune(
        context.load(this), unfreeze, learningRates, job, shape));
  }

  private static int unfreeze(SpecNode node) {
    if (!node.isPresent() || "all".equals(node.scalar(null))) {
      return ALL_LAYERS;
    }
    return node.integer(ALL_LAYERS, Range.ANY);
  }

  /** The well-formed groups; the problems of the others are recorded. */
  private static List<LayerRate> rates(SpecNode node) {
    List<LayerRate> rates = new ArrayList<>();
    for (SpecNode item : node.elements()) {
      if (!item.isMapping("expected a mapping")) {
        continue;
      }
      item.checkKeys(List.of("layers", "learningRate"));
      SpecNode layers = item.get("layers");
      List<SpecNode> bounds = layers.require() ? layers.elements() : List.of();
      if (layers.isList() && bounds.size() != 2) {
        layers.problem("must be [first, last] layer indices, found " + layers.found());
      }
      SpecNode lr = item.get("learningRate");
      Double rate = lr.isPresent() ? lr.number(0, Range.ANY) : null;
      if (bounds.size() != 2) {
        continue;
      }
      try {
        rates.add(new LayerRate(bounds.get(0).integer(0, Range.ANY),
            bounds.get(1).integer(0, Range.ANY), rate));
      } catch (SpecException e) {
        item.problems(e);
      }
    }
    return List.copyOf(rates);
  }
}
