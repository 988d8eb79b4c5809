package io.sparktrain.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes a {@link JobSpec} as YAML with every default spelled out, so that a run directory holds
 * the exact configuration it ran with. Only the keys that apply are written (no {@code path} for a
 * registered data set, no {@code beta1} for sgd), which makes the output read back through
 * {@link SpecReader} into an equal record.
 */
public final class SpecWriter {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      // a name like 123 or a path like 2024 must read back as a string
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private SpecWriter() {}

  /** The spec as YAML text. */
  public static String toYaml(JobSpec spec) {
    ObjectNode root = YAML.createObjectNode();
    root.put("name", spec.name());
    root.set("data", data(spec.data()));
    root.set("model", model(spec.model()));
    root.set("optimizer", optimizer(spec.optimizer()));
    root.set("training", training(spec.training()));
    root.putObject("output").put("runsDir", spec.output().runsDir());
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values failed to serialise", e);
    }
  }

  private static ObjectNode data(DataSpec d) {
    ObjectNode n = YAML.createObjectNode().put("source", d.source());
    if (d.isCsv()) {
      putIfSet(n, "path", d.path());
      putIfSet(n, "testPath", d.testPath());
      n.put("labelColumn", d.labelColumn()).put("header", d.header());
    }
    n.put("validationFraction", d.validationFraction()).put("testFraction", d.testFraction());
    n.put("scaling", YamlNames.of(d.scaling())).put("shuffleSeed", d.shuffleSeed());
    if (d.limit() != null) {
      n.put("limit", d.limit());
    }
    if (d.classes() != null) {
      d.classes().forEach(n.withArray("classes")::add);
    }
    if (d.trainExamples() != null) {
      n.put("trainExamples", d.trainExamples());
    }
    if (d.testExamples() != null) {
      n.put("testExamples", d.testExamples());
    }
    n.put("target", YamlNames.of(d.target()));
    if (d.targetColumns() != null) {
      d.targetColumns().forEach(n.withArray("targetColumns")::add);
    }
    if (d.isText()) {
      putIfSet(n, "vectors", d.vectors());
      n.put("maxTokens", d.maxTokens());
      n.put("padding", YamlNames.of(d.padding()));
    }
    return n;
  }

  private static ObjectNode model(ModelSpec m) {
    ObjectNode n = YAML.createObjectNode();
    m.layers().forEach(layer -> n.withArray("layers").add(layer(layer)));
    if (m.isGraph()) {
      n.set("graph", graph(m.graph()));
    }
    return n.put("weightInit", YamlNames.of(m.weightInit())).put("l1", m.l1()).put("l2", m.l2());
  }

  private static ObjectNode graph(GraphSpec g) {
    ObjectNode n = YAML.createObjectNode();
    g.inputs().forEach(in -> n.withArray("inputs").add(input(in)));
    for (GraphNode v : g.nodes()) {
      ObjectNode vertex = n.withArray("layers").addObject().put("name", v.name());
      vertex.set("inputs", YAML.valueToTree(v.inputs()));
      if (v.shares() != null) {
        vertex.put("shares", v.shares());
      } else if (v.merge() != null) {
        vertex.put("type", YamlNames.of(v.merge()));
      } else {
        vertex.setAll(layer(v.layer()));
      }
      if (v.lossWeight() != null) {
        vertex.put("lossWeight", v.lossWeight());
      }
    }
    n.set("outputs", YAML.valueToTree(g.outputs()));
    return n;
  }

  /** A name, or {@code {name, columns}} with each run of consecutive columns as 'FROM-TO'. */
  private static JsonNode input(GraphInput in) {
    if (!in.selects()) {
      return YAML.getNodeFactory().textNode(in.name());
    }
    ObjectNode n = YAML.createObjectNode().put("name", in.name());
    var columns = n.putArray("columns");
    for (GraphInput.Run run : in.runs()) {
      if (run.width() == 1) {
        columns.add(run.from());
      } else {
        columns.add(run.from() + "-" + run.to());
      }
    }
    return n;
  }

  private static ObjectNode layer(LayerSpec l) {
    ObjectNode n = YAML.createObjectNode().put("type", YamlNames.of(l.type()));
    List<Object> values = List.of(orNone(l.units()), orNone(l.filters()), orNone(l.kernel()),
        orNone(l.stride()), orNone(l.padding()), orNone(l.pooling()), orNone(l.activation()),
        orNone(l.weightInit()), orNone(l.loss()), orNone(l.dropout()), orNone(l.l1()),
        orNone(l.l2()), orNone(l.pretrained()), orNone(l.frozen()), orNone(l.labelSmoothing()),
        orNone(l.delta()), orNone(l.decay()), orNone(l.epsilon()), orNone(l.maxNorm()),
        orNone(l.weightNorm()), orNone(l.gibbsSteps()), orNone(l.size()),
        orNone(l.recurrentDropout()), orNone(l.bidirectional()), orNone(l.returnSequences()),
        orNone(l.margin()), orNone(l.lambda()));
    for (int i = 0; i < LayerSpec.FIELDS.size(); i++) {
      Object value = values.get(i);
      if (value != NONE) {
        n.set(LayerSpec.FIELDS.get(i), YAML.valueToTree(
            value instanceof Enum<?> e ? YamlNames.of(e) : value));
      }
    }
    return n;
  }

  private static ObjectNode optimizer(OptimizerSpec o) {
    OptimizerSpec.Type type = o.type();
    ObjectNode n = YAML.createObjectNode().put("type", YamlNames.of(type));
    List<Object> values = List.of(o.learningRate(), o.momentum(), o.beta1(), o.beta2(), o.beta3(),
        o.epsilon(), o.rho(), o.weightDecay());
    List<String> keys = List.of("learningRate", "momentum", "beta1", "beta2", "beta3", "epsilon",
        "rho", "weightDecay");
    putAllowed(n, keys, values, type::allows);
    ClipSpec clip = o.clip();
    if (clip.mode() != ClipSpec.Mode.NONE) {
      n.putObject("clip").put(clip.mode() == ClipSpec.Mode.VALUE ? "value" : "globalNorm",
          clip.threshold());
    }
    if (type.allows("schedule")) {
      n.set("schedule", schedule(o.schedule()));
    }
    return n;
  }

  private static ObjectNode schedule(ScheduleSpec s) {
    ObjectNode n = YAML.createObjectNode().put("type", YamlNames.of(s.type()));
    List<Object> values = List.of(YamlNames.of(s.per()), s.warmup(), s.decayRate(), s.step(),
        s.power(), s.period(), s.multiplier(), s.minLearningRate(), s.maxLearningRate());
    List<String> keys = List.of("per", "warmup", "decayRate", "step", "power", "period",
        "multiplier", "minLearningRate", "maxLearningRate");
    putAllowed(n, keys, values, s.type()::allows);
    return n;
  }

  /** Writes each key that applies, with its value, in the order given. */
  private static void putAllowed(ObjectNode n, List<String> keys, List<Object> values,
      Predicate<String> allowed) {
    for (int i = 0; i < keys.size(); i++) {
      if (allowed.test(keys.get(i))) {
        n.set(keys.get(i), YAML.valueToTree(values.get(i)));
      }
    }
  }

  private static ObjectNode training(TrainingSpec t) {
    ObjectNode n = YAML.createObjectNode().put("epochs", t.epochs())
        .put("batchSize", t.batchSize()).put("workers", t.workers())
        .put("averagingFrequency", t.averagingFrequency())
        .put("engine", YamlNames.of(t.engine())).put("seed", t.seed());
    PlateauSpec p = t.reduceOnPlateau();
    if (p != null) {
      n.putObject("reduceOnPlateau").put("monitor", YamlNames.of(p.monitor()))
          .put("mode", YamlNames.of(p.mode())).put("factor", p.factor())
          .put("patience", p.patience()).put("threshold", p.threshold())
          .put("cooldown", p.cooldown()).put("minRate", p.minRate());
    }
    EarlyStoppingSpec e = t.earlyStopping();
    if (e != null) {
      n.putObject("earlyStopping").put("monitor", YamlNames.of(e.monitor()))
          .put("minDelta", e.minDelta()).put("patience", e.patience())
          .put("restoreBest", e.restoreBest());
    }
    BatchScheduleSpec b = t.batchSchedule();
    if (b != null) {
      ObjectNode bn = n.putObject("batchSchedule").put("factor", b.factor());
      b.epochs().forEach(bn.putArray("epochs")::add);
      bn.put("maxBatchSize", b.maxBatchSize());
    }
    if (t.linearScaling() != null) {
      n.putObject("linearScaling").put("referenceBatch", t.linearScaling().referenceBatch());
    }
    if (t.backstitch() != null) {
      n.putObject("backstitch").put("alpha", t.backstitch().alpha())
          .put("every", t.backstitch().every());
    }
    // Written only when not the default, so resolved specs of older runs still match (resume).
    DescentSpec g = t.descent();
    if (!g.equals(DescentSpec.defaults())) {
      n.put("gradientDescent", YamlNames.of(g.variant())).put("gradient", YamlNames.of(g.gradient()))
          .put("lastBatch", YamlNames.of(g.lastBatch()));
    }
    if (t.divergence().action() != DivergenceSpec.Action.STOP) {
      n.put("onDivergence", YamlNames.of(t.divergence().action()))
          .put("maxRollbacks", t.divergence().maxRollbacks());
    }
    return n;
  }

  private static void putIfSet(ObjectNode n, String key, String value) {
    if (value != null) {
      n.put(key, value);
    }
  }

  /** Marks an absent layer field; List.of takes no nulls. */
  private static final Object NONE = new Object();

  private static Object orNone(Object value) {
    return value == null ? NONE : value;
  }
}
