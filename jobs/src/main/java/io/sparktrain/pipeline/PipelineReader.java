package io.sparktrain.pipeline;

import io.sparktrain.spec.OutputSpec;
import io.sparktrain.spec.Problems;
import io.sparktrain.spec.SectionReader;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.SpecNode;
import io.sparktrain.spec.SpecReader;
import io.sparktrain.spec.YamlTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads pipeline specs ({@code name}, {@code output}, {@code stages}) and single-stage specs (a
 * stage's keys at the top level, for {@code sparktrain transfer} and its siblings). As with job
 * specs, every problem of the document is reported at once with its dotted path, e.g.
 * {@code stages[2].from: unknown stage 'pretrian' (earlier stages: pretrain, scratch)}. Each kind
 * reads and checks its own keys ({@link StageKind}); this class checks what spans stages: names,
 * {@code from} references and the baseline.
 */
public final class PipelineReader {

  private static final List<String> PIPELINE_KEYS = List.of("name", "output", "stages",
      "baseline");

  private PipelineReader() {}

  /** Reads a pipeline spec file. */
  public static PipelineSpec read(Path file) {
    Problems problems = new Problems();
    SpecNode root = SpecNode.root(YamlTree.read(file), problems);
    PipelineSpec spec = null;
    if (root.isMapping("the document is empty")) {
      root.checkKeys(PIPELINE_KEYS);
      String name = SpecReader.name(root.get("name"));
      OutputSpec output = SectionReader.output(root.get("output"));
      SpecNode stagesNode = root.get("stages");
      List<SpecNode> elements = stagesNode.require() ? stagesNode.elements() : List.of();
      // Every stage's kind by name, the malformed ones too, so that later stages' 'from' is
      // checked against what the user wrote rather than reported as unknown.
      Map<String, StageKind> earlier = new LinkedHashMap<>();
      List<Stage> stages = new ArrayList<>();
      for (SpecNode element : elements) {
        Optional<StageKind> kind = kind(element);
        String stageName = element.get("name").text(null);
        Stage stage = kind.map(k -> stage(element, output, earlier, List.of("name", "type"), k))
            .orElse(null);
        if (stage != null) {
          stages.add(stage);
        }
        if (stageName != null && kind.isPresent()) {
          earlier.putIfAbsent(stageName, kind.get());
        }
      }
      String baseline = root.get("baseline").text(null);
      if (problems.lines().isEmpty()) {
        try {
          spec = new PipelineSpec(name, stages, output, baseline);
        } catch (SpecException e) {
          root.problems(e);
        }
      }
    }
    problems.throwIfAny(file.toString());
    return spec;
  }

  /**
   * Reads a file holding one stage of the given kind at its top level (plus {@code output}), as a
   * pipeline of that one stage named after it.
   */
  public static PipelineSpec readStage(Path file, StageKind kind) {
    Problems problems = new Problems();
    SpecNode root = SpecNode.root(YamlTree.read(file), problems);
    PipelineSpec spec = null;
    if (root.isMapping("the document is empty")) {
      String given = root.get("type").text(null);
      if (given != null && !given.equals(kind.name())) {
        root.get("type").problem("this command runs '" + kind.name() + "' stages, found "
            + root.get("type").found());
      }
      OutputSpec output = SectionReader.output(root.get("output"));
      if (root.get("from").isPresent()) {
        root.get("from").problem("a stage run alone has no earlier stage; give 'source' (a model "
            + "file or run directory)");
      }
      Stage stage = stage(root, output, Map.of(), List.of("name", "type", "output"), kind);
      if (stage != null && problems.lines().isEmpty()) {
        spec = new PipelineSpec(stage.name(), List.of(stage), output);
      }
    }
    problems.throwIfAny(file.toString());
    return spec;
  }

  private static Optional<StageKind> kind(SpecNode el) {
    if (!el.isMapping("expected a mapping, found nothing")) {
      return Optional.empty();
    }
    SpecNode typeNode = el.get("type");
    String type = typeNode.require() ? typeNode.text(null) : null;
    if (type == null) {
      return Optional.empty();
    }
    Optional<StageKind> kind = StageKind.named(type);
    if (kind.isEmpty()) {
      typeNode.problem(typeNode.unknownValue(StageKind.names()));
    }
    return kind;
  }

  private static Stage stage(SpecNode el, OutputSpec output, Map<String, StageKind> earlier,
      List<String> extraKeys, StageKind kind) {
    List<String> allowed = new ArrayList<>(extraKeys);
    allowed.addAll(kind.keys());
    el.checkKeys(allowed);
    String name = SpecReader.name(el.get("name"));
    checkFrom(el, kind, earlier);
    return kind.reader().read(el, new StageReading(el, name, output));
  }

  /**
   * A stage's {@code from} names an earlier stage. A {@code train} stage's names the
   * {@code pretrain-w2v} stage whose vectors its text data and embedding layer use; every other
   * stage's names a stage with a model.
   */
  private static void checkFrom(SpecNode el, StageKind kind, Map<String, StageKind> earlier) {
    String from = el.get("from").text(null);
    if (from == null || !kind.keys().contains("from")) {
      return;
    }
    StageKind named = earlier.get(from);
    boolean vectors = named == Word2VecStage.KIND;
    if (kind == TrainStage.KIND && !vectors) {
      el.get("from").problem(named == null
          ? "unknown stage '" + from + "' (a train stage's 'from' names an earlier pretrain-w2v "
              + "stage)"
          : "a train stage's 'from' names a pretrain-w2v stage, whose word vectors it uses; '"
              + from + "' is a " + named.name() + " stage (to start from its model, "
              + "use a transfer or finetune stage)");
    } else if (named == null) {
      el.get("from").problem("unknown stage '" + from + "' (earlier stages: "
          + (earlier.isEmpty() ? "none" : String.join(", ", earlier.keySet())) + ")");
    } else if (vectors && kind != TrainStage.KIND) {
      el.get("from").problem("'" + from + "' is a pretrain-w2v stage and has no model; give it "
          + "as 'from' of a train stage with an embedding layer");
    }
  }
}
