package io.sparktrain.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** A YAML spec file as a tree for {@link SpecNode}, with anchors and aliases resolved. */
public final class YamlTree {

  private YamlTree() {}

  /**
   * @throws SpecException naming the line and column of invalid YAML, or the file if unreadable
   */
  public static JsonNode read(Path file) {
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
}
