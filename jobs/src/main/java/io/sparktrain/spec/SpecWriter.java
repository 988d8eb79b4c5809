package io.sparktrain.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;

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
    n.put("target", YamlNames.of(d.target()));
    if (d.isText()) {
      putIfSet(n, "vectors", d.vectors());
      n.put("maxTokens", d.maxTokens());
    }
    return n;
  }

  private static ObjectNode model(ModelSpec m) {
    ObjectNode n = YAML.createObjectNode();
    m.layers().forEach(layer -> n.withArray("layers").add(layer(layer)));
    return n.put("weightInit", YamlNames.of(m.weightInit())).put("l1", m.l1()).put("l2", m.l2());
  }

  private static ObjectNode layer(LayerSpec l) {
    ObjectNode n = YAML.createObjectNode().put("type", YamlNames.of(l.type()));
    List<Object> values = List.of(orNone(l.units()), orNone(l.filters()), orNone(l.kernel()),
        orNone(l.stride()), orNone(l.padding()), orNone(l.pooling()), orNone(l.activation()),
        orNone(l.weightInit()), orNone(l.loss()), orNone(l.dropout()), orNone(l.l1()),
        orNone(l.l2()), orNone(l.pretrained()), orNone(l.frozen()));
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
    ObjectNode n = YAML.createObjectNode().put("type", YamlNames.of(o.type()));
    n.put("learningRate", o.learningRate());
    putIfAllowed(n, o.type(), "momentum", o.momentum());
    putIfAllowed(n, o.type(), "beta1", o.beta1());
    putIfAllowed(n, o.type(), "beta2", o.beta2());
    putIfAllowed(n, o.type(), "epsilon", o.epsilon());
    ScheduleSpec s = o.schedule();
    ObjectNode schedule = n.putObject("schedule").put("type", YamlNames.of(s.type()));
    if (SectionReader.scheduleAllows(s.type(), "decayRate")) {
      schedule.put("decayRate", s.decayRate());
    }
    if (SectionReader.scheduleAllows(s.type(), "step")) {
      schedule.put("step", s.step());
    }
    if (SectionReader.scheduleAllows(s.type(), "per")) {
      schedule.put("per", YamlNames.of(s.per()));
    }
    return n;
  }

  private static ObjectNode training(TrainingSpec t) {
    return YAML.createObjectNode().put("epochs", t.epochs()).put("batchSize", t.batchSize())
        .put("workers", t.workers()).put("averagingFrequency", t.averagingFrequency())
        .put("engine", YamlNames.of(t.engine())).put("seed", t.seed());
  }

  private static void putIfAllowed(ObjectNode n, OptimizerSpec.Type type, String key, double v) {
    if (SectionReader.optimizerAllows(type, key)) {
      n.put(key, v);
    }
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
