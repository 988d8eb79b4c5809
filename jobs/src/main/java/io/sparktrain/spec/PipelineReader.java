package io.sparktrain.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads pipeline specs ({@code name}, {@code output}, {@code stages}) and single-stage specs (a
 * stage's keys at the top level, for {@code sparktrain transfer} and its siblings). As with job
 * specs, every problem of the document is reported at once with its dotted path, e.g.
 * {@code stages[2].from: unknown stage 'pretrian' (earlier stages: pretrain, scratch)}.
 */
public final class PipelineReader {

  private static final List<String> PIPELINE_KEYS = List.of("name", "output", "stages",
      "baseline");
  private static final Map<StageSpec.Type, List<String>> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put(StageSpec.Type.TRAIN, List.of("from", "data", "model", "optimizer", "training"));
    KEYS.put(StageSpec.Type.TRANSFER,
        List.of("from", "source", "keep", "freeze", "head", "data", "optimizer", "training"));
    KEYS.put(StageSpec.Type.FINETUNE, List.of("from", "source", "unfreeze", "learningRates",
        "data", "optimizer", "training"));
    KEYS.put(StageSpec.Type.EVALUATE, List.of("from", "source", "data"));
    KEYS.put(StageSpec.Type.EXTRACT_FEATURES,
        List.of("from", "source", "layer", "split", "data", "path"));
    KEYS.put(StageSpec.Type.EXPORT, List.of("from", "source", "path"));
    KEYS.put(StageSpec.Type.PRETRAIN_W2V, List.of("corpus", "word2vec", "training"));
  }

  private PipelineReader() {}

  /** Reads a pipeline spec file. */
  public static PipelineSpec read(Path file) {
    Problems problems = new Problems();
    SpecNode root = SpecNode.root(tree(file), problems);
    PipelineSpec spec = null;
    if (root.isMapping("the document is empty")) {
      root.checkKeys(PIPELINE_KEYS);
      String name = SpecReader.name(root.get("name"));
      OutputSpec output = SectionReader.output(root.get("output"));
      SpecNode stagesNode = root.get("stages");
      List<SpecNode> elements = stagesNode.require() ? stagesNode.elements() : List.of();
      if (stagesNode.isList() && elements.isEmpty()) {
        stagesNode.problem("must not be empty");
      }
      List<StageSpec> stages = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (SpecNode element : elements) {
        StageSpec stage = stage(element, output, stages, List.of("name", "type"));
        if (stage != null && stage.name() != null && !names.add(stage.name())) {
          element.get("name").problem("stage name '" + stage.name() + "' is used twice");
        }
        if (stage != null) {
          stages.add(stage);
        }
      }
      String baseline = root.get("baseline").text(null);
      if (baseline != null && stages.stream().noneMatch(s -> baseline.equals(s.name())
          && s.type().trains())) {
        root.get("baseline").problem("no training stage '" + baseline + "' (training stages: "
            + String.join(", ", stages.stream().filter(s -> s.type().trains())
                .map(StageSpec::name).toList()) + ")");
      }
      spec = new PipelineSpec(name, List.copyOf(stages), output, baseline);
    }
    problems.throwIfAny(file.toString());
    return spec;
  }

  /**
   * Reads a file holding one stage of the given type at its top level (plus {@code output}), as a
   * pipeline of that one stage named after it.
   */
  public static PipelineSpec readStage(Path file, StageSpec.Type type) {
    Problems problems = new Problems();
    SpecNode root = SpecNode.root(tree(file), problems);
    PipelineSpec spec = null;
    if (root.isMapping("the document is empty")) {
      String given = root.get("type").text(null);
      if (given != null && !given.equals(YamlNames.of(type))) {
        root.get("type").problem("this command runs '" + YamlNames.of(type) + "' stages, found "
            + root.get("type").found());
      }
      OutputSpec output = SectionReader.output(root.get("output"));
      StageSpec stage = stage(root, output, List.of(), List.of("name", "type", "output"), type);
      if (stage != null && stage.from() != null) {
        root.get("from").problem("a stage run alone has no earlier stage; give 'source' (a model "
            + "file or run directory)");
      }
      spec = stage == null ? null : new PipelineSpec(stage.name(), List.of(stage), output);
    }
    problems.throwIfAny(file.toString());
    return spec;
  }

  static JsonNode tree(Path file) {
    String text = SpecReader.text(file);
    // SnakeYAML rather than Jackson's YAML parser: pipelines repeat a data or training section
    // with anchors and aliases (&target, *target), which Jackson's tree reader does not resolve.
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      Object document = new Yaml(new SafeConstructor(options)).load(text);
      return new ObjectMapper().valueToTree(document);
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "yaml" : "line "
          + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1);
      throw new SpecException(file.toString(), List.of(where + ": invalid YAML, "
          + e.getProblem()));
    } catch (YAMLException | IllegalArgumentException e) {
      throw new SpecException(file.toString(), List.of(file + ": invalid YAML, "
          + String.valueOf(e.getMessage()).split("\n")[0]));
    }
  }

  private static StageSpec stage(SpecNode el, OutputSpec output, List<StageSpec> earlier,
      List<String> extraKeys) {
    if (!el.isMapping("expected a mapping, found nothing")) {
      return null;
    }
    SpecNode typeNode = el.get("type");
    StageSpec.Type type = typeNode.require()
        ? typeNode.enumValue(StageSpec.Type.class, null) : null;
    return type == null ? null : stage(el, output, earlier, extraKeys, type);
  }

  private static StageSpec stage(SpecNode el, OutputSpec output, List<StageSpec> earlier,
      List<String> extraKeys, StageSpec.Type type) {
    List<String> allowed = new ArrayList<>(extraKeys);
    allowed.addAll(KEYS.get(type));
    el.checkKeys(allowed);
    String name = SpecReader.name(el.get("name"));
    if (type == StageSpec.Type.PRETRAIN_W2V) {
      return new StageSpec(name, type, null, null, null, null, null, null, null, null, null, null,
          Word2VecSpecReader.spec(el, output));
    }
    String from = el.get("from").text(null);
    String source = el.get("source").text(null);
    if (type != StageSpec.Type.TRAIN) {
      checkInput(el, from, source, earlier);
    }
    checkFromVectors(el, type, from, earlier);
    boolean trains = type.trains();
    boolean readsData = trains || type == StageSpec.Type.EVALUATE
        || type == StageSpec.Type.EXTRACT_FEATURES;
    DataSpec data = null;
    SpecNode dataNode = el.get("data");
    if (readsData && dataNode.isMapping("missing required section")) {
      data = SectionReader.data(dataNode);
    }
    ModelSpec model = ModelSpec.of(List.of());
    if (type == StageSpec.Type.TRAIN && el.get("model").isMapping("missing required section")) {
      model = ModelReader.model(el.get("model"));
    } else if (type == StageSpec.Type.TRANSFER
        && el.get("head").isMapping("missing required section (the new layers)")) {
      model = ModelReader.model(el.get("head"));
    }
    JobSpec job = new JobSpec(name, data, model, SectionReader.optimizer(el.get("optimizer")),
        SectionReader.training(el.get("training")), output);
    String keep = null;
    if (type == StageSpec.Type.TRANSFER && el.get("keep").require()) {
      keep = el.get("keep").scalar(null);
    }
    String layer = null;
    if (type == StageSpec.Type.EXTRACT_FEATURES && el.get("layer").require()) {
      layer = el.get("layer").scalar(null);
    }
    String path = el.get("path").text(null);
    if (type == StageSpec.Type.EXPORT) {
      el.get("path").require();
    }
    return new StageSpec(name, type, from, source, job, keep,
        type == StageSpec.Type.TRANSFER ? el.get("freeze").bool(true) : null,
        type == StageSpec.Type.FINETUNE ? unfreeze(el.get("unfreeze")) : null,
        type == StageSpec.Type.FINETUNE ? rates(el.get("learningRates")) : null,
        layer,
        type == StageSpec.Type.EXTRACT_FEATURES
            ? el.get("split").enumValue(StageSpec.Split.class, StageSpec.Split.TEST) : null,
        path);
  }

  /**
   * A {@code train} stage's {@code from} names the {@code pretrain-w2v} stage whose vectors its
   * text data and embedding layer use; every other stage's names a stage with a model.
   */
  private static void checkFromVectors(SpecNode el, StageSpec.Type type, String from,
      List<StageSpec> earlier) {
    if (from == null) {
      return;
    }
    StageSpec named = earlier.stream().filter(s -> from.equals(s.name())).findFirst().orElse(null);
    boolean vectors = named != null && named.type() == StageSpec.Type.PRETRAIN_W2V;
    if (type == StageSpec.Type.TRAIN && !vectors) {
      el.get("from").problem(named == null
          ? "unknown stage '" + from + "' (a train stage's 'from' names an earlier pretrain-w2v "
              + "stage)"
          : "a train stage's 'from' names a pretrain-w2v stage, whose word vectors it uses; '"
              + from + "' is a " + YamlNames.of(named.type()) + " stage (to start from its model, "
              + "use a transfer or finetune stage)");
    } else if (type != StageSpec.Type.TRAIN && vectors) {
      el.get("from").problem("'" + from + "' is a pretrain-w2v stage and has no model; give it "
          + "as 'from' of a train stage with an embedding layer");
    }
  }

  private static void checkInput(SpecNode el, String from, String source,
      List<StageSpec> earlier) {
    if (from != null && source != null) {
      el.get("source").problem("give either 'from' (an earlier stage) or 'source' (a model "
          + "file), not both");
    } else if (from == null && source == null) {
      el.get("from").problem("missing required key (or 'source': a model file)");
    } else if (from != null && earlier.stream().noneMatch(s -> from.equals(s.name()))) {
      List<String> names = earlier.stream().map(StageSpec::name).toList();
      el.get("from").problem("unknown stage '" + from + "' (earlier stages: "
          + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }
  }

  /** {@code all} (-1, the default) or a positive number of layers. */
  private static Integer unfreeze(SpecNode node) {
    if (!node.isPresent() || "all".equals(node.scalar(null))) {
      return -1;
    }
    return node.integer(-1, Range.atLeast(1));
  }

  private static List<StageSpec.LayerRate> rates(SpecNode node) {
    List<StageSpec.LayerRate> rates = new ArrayList<>();
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
      int first = bounds.size() == 2 ? bounds.get(0).integer(0, Range.atLeast(0)) : 0;
      int last = bounds.size() == 2 ? bounds.get(1).integer(0, Range.atLeast(0)) : 0;
      if (last < first) {
        layers.problem("last layer before first, found " + layers.found());
      }
      SpecNode lr = item.get("learningRate");
      double rate = lr.require() ? lr.number(1e-3, Range.POSITIVE) : 1e-3;
      rates.add(new StageSpec.LayerRate(first, last, rate));
    }
    return List.copyOf(rates);
  }
}
