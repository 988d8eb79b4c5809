package io.sparktrain.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a job spec from YAML into validated {@link JobSpec} records with every default filled in.
 *
 * <p>The whole document is checked before anything fails: a {@link SpecException} lists every
 * problem, one per line, as {@code dotted.path: rule, found value}. Keys are spelled like the
 * record components (camelCase), enum values in lowercase with {@code -} for {@code _}, and an
 * unknown key is an error at every level. {@code name}, {@code data} and {@code model} are
 * required; {@code optimizer}, {@code training} and {@code output} default as their records say.
 */
public final class SpecReader {

  static final List<String> TOP_LEVEL_KEYS =
      List.of("name", "data", "model", "optimizer", "training", "output");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private SpecReader() {}

  /**
   * Reads the spec in {@code file} (UTF-8).
   *
   * @throws SpecException if the file cannot be read, is not YAML, or breaks any rule
   */
  public static JobSpec read(Path file) {
    return parse(text(file), file.toString());
  }

  /**
   * Reads every job of a file whose YAML documents (separated by {@code ---}) are each a job spec,
   * to be run in order. Problems of every document are reported together; those of the second
   * and later documents are prefixed with {@code document N:}.
   *
   * @throws SpecException if the file cannot be read, is not YAML, holds no job, or breaks any rule
   */
  public static List<JobSpec> readAll(Path file) {
    String source = file.toString();
    List<JsonNode> documents = documents(text(file), source);
    Problems problems = new Problems();
    List<JobSpec> jobs = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      Problems own = new Problems();
      jobs.add(job(SpecNode.root(documents.get(i), own)));
      String prefix = documents.size() == 1 ? "" : "document " + (i + 1) + ": ";
      own.lines().forEach(problem -> problems.addLine(prefix + problem));
    }
    if (documents.isEmpty()) {
      problems.addLine("(document): the document is empty");
    }
    problems.throwIfAny(source);
    return jobs;
  }

  public static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), List.of(file + ": file not found"));
    } catch (IOException e) {
      throw new SpecException(file.toString(), List.of(file + ": cannot be read, " + e));
    }
  }

  private static List<JsonNode> documents(String yaml, String sourceName) {
    try (MappingIterator<JsonNode> it = mapper().readerFor(JsonNode.class).readValues(yaml)) {
      return it.readAll();
    } catch (IOException e) {
      if (e instanceof JsonProcessingException syntax) {
        throw new SpecException(sourceName, List.of(syntaxProblem(syntax)));
      }
      throw new SpecException(sourceName, List.of(sourceName + ": cannot be read, " + e));
    } catch (IllegalArgumentException | org.yaml.snakeyaml.error.YAMLException e) {
      throw unparsable(sourceName, e);
    }
  }

  /**
   * SnakeYAML, under Jackson, lets a few malformed inputs out as plain runtime exceptions (a
   * {@code "\x"} escape without hex digits is a NumberFormatException): still invalid YAML, exit 2.
   */
  private static SpecException unparsable(String sourceName, RuntimeException e) {
    return new SpecException(sourceName, List.of(sourceName + ": invalid YAML, "
        + String.valueOf(e.getMessage()).split("\n")[0]));
  }

  /** The line before a pipeline stage's job in its resolved spec ({@code spec.yaml}). */
  public static final String JOB_SECTION = "# job\n";

  /**
   * The job of a resolved spec: a train job's spec.yaml is its job; a pipeline stage's holds the
   * stage's settings first, then its job after {@link #JOB_SECTION}.
   */
  public static String jobOf(String resolved) {
    int line = resolved.indexOf("\n" + JOB_SECTION);
    return line < 0 ? resolved : resolved.substring(line + 1 + JOB_SECTION.length());
  }

  /**
   * Parses a spec given as YAML text.
   *
   * @param sourceName where the text came from, for the exception message
   * @throws SpecException if the text is not YAML or breaks any rule
   */
  public static JobSpec parse(String yaml, String sourceName) {
    return parse(tree(yaml, sourceName), sourceName);
  }

  /**
   * Reads a job from a parsed YAML tree: a search file's base job, or one of its trials with the
   * searched values set in.
   *
   * @throws SpecException if the tree breaks any rule
   */
  public static JobSpec parse(JsonNode tree, String sourceName) {
    Problems problems = new Problems();
    SpecNode root = SpecNode.root(tree, problems);
    JobSpec spec = job(root);
    problems.throwIfAny(sourceName);
    return spec;
  }

  /**
   * The YAML tree of a one-document file (a search file, which adds its own section to a job).
   *
   * @throws SpecException if the file cannot be read or is not YAML
   */
  public static JsonNode tree(Path file) {
    return tree(text(file), file.toString());
  }

  private static JsonNode tree(String yaml, String sourceName) {
    try {
      return mapper().readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new SpecException(sourceName, List.of(syntaxProblem(e)));    } catch (IllegalArgumentException | org.yaml.snakeyaml.error.YAMLException e) {
      throw unparsable(sourceName, e);
    }
  }

  private static ObjectMapper mapper() {
    // Duplicate keys would otherwise silently keep the last value.
    return new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private static String syntaxProblem(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "yaml" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = String.valueOf(e.getOriginalMessage()).strip();
    int newline = message.indexOf('\n');
    return where + ": invalid YAML, " + (newline < 0 ? message : message.substring(0, newline));
  }

  private static JobSpec job(SpecNode root) {
    if (!root.isMapping("the document is empty")) {
      return null;
    }
    root.checkKeys(TOP_LEVEL_KEYS);
    String name = name(root.get("name"));
    SpecNode data = root.get("data");
    SpecNode model = root.get("model");
    DataSpec dataSpec = data.isMapping("missing required section") ? SectionReader.data(data) : null;
    ModelSpec modelSpec =
        model.isMapping("missing required section") ? ModelReader.model(model) : null;
    return job(root, name, dataSpec, modelSpec, SectionReader.output(root.get("output")));
  }

  /**
   * A job of the given sections and the {@code optimizer} and {@code training} sections under
   * {@code node}, or null when the job record finds a problem (recorded under {@code node}).
   */
  public static JobSpec job(SpecNode node, String name, DataSpec data, ModelSpec model,
      OutputSpec output) {
    OptimizerSpec optimizer = SectionReader.optimizer(node.get("optimizer"));
    TrainingSpec training = SectionReader.training(node.get("training"));
    try {
      return new JobSpec(name, data, model, optimizer, training, output);
    } catch (SpecException e) {
      node.problems(e);
      return null;
    }
  }

  /** A job, pipeline or stage name: it names directories, so only safe characters. */
  public static String name(SpecNode node) {
    if (!node.require()) {
      return null;
    }
    String name = node.text(null);
    if (name != null && !NAME.matcher(name).matches()) {
      node.problem("must match [A-Za-z0-9._-]+, found " + node.found());
    }
    return name;
  }
}
