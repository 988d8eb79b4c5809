package io.sparktrain.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code model.graph.inputs}: a list whose entries are a name (the input receives every
 * feature) or a mapping {@code {name: NAME, columns: [...]}} (it receives those feature columns),
 * where a column is an index or an inclusive range {@code "FROM-TO"}.
 */
final class GraphInputReader {

  static final List<String> INPUT_KEYS = List.of("name", "columns");
  private static final Pattern RANGE = Pattern.compile("(\\d{1,9})-(\\d{1,9})");
  private static final Range COLUMN = new Range(0, false, GraphInput.MAX_COLUMN, false);

  private GraphInputReader() {}

  /** The inputs, or null after a problem (recorded at its path). */
  static List<GraphInput> inputs(SpecNode node) {
    int before = node.problemCount();
    List<SpecNode> items = node.isList() ? node.elements() : List.of();
    if (items.isEmpty()) {
      node.problem("must be a non-empty list of names or {name, columns} mappings, found "
          + node.found());
      return null;
    }
    List<GraphInput> inputs = new ArrayList<>();
    for (SpecNode item : items) {
      inputs.add(input(item));
    }
    return node.problemCount() > before ? null : List.copyOf(inputs);
  }

  private static GraphInput input(SpecNode item) {
    if (item.json() != null && item.json().isTextual()) {
      String name = item.text(null);
      if (name.isBlank()) {
        item.problem("must be a name, found " + item.found());
        return null;
      }
      return GraphInput.whole(name);
    }
    if (item.json() == null || !item.json().isObject()) {
      item.problem("expected a name or a mapping {name: NAME, columns: [...]}, found "
          + item.found());
      return null;
    }
    int before = item.problemCount();
    item.checkKeys(INPUT_KEYS);
    SpecNode nameNode = item.get("name");
    String name = nameNode.require() ? nameNode.text(null) : null;
    SpecNode columnsNode = item.get("columns");
    List<Integer> columns = columnsNode.require() ? columns(columnsNode) : null;
    if (item.problemCount() > before) {
      return null;
    }
    return SectionReader.unlessReported(item, before, null, () -> new GraphInput(name, columns));
  }

  /** Indices and inclusive ranges, expanded in the order given. */
  private static List<Integer> columns(SpecNode node) {
    if (!node.isList()) {
      node.problem("must be a list of column indices or ranges such as '0-9', found "
          + node.found());
      return null;
    }
    List<Integer> columns = new ArrayList<>();
    for (SpecNode item : node.elements()) {
      if (item.json() != null && item.json().isTextual()) {
        range(item, columns);
      } else {
        columns.add(item.integer(0, COLUMN));
      }
    }
    return columns;
  }

  private static void range(SpecNode item, List<Integer> columns) {
    Matcher m = RANGE.matcher(item.json().textValue());
    if (!m.matches()) {
      item.problem("expected a column index or a range 'FROM-TO' (both included, e.g. '0-9'), "
          + "found " + item.found());
      return;
    }
    int from = Integer.parseInt(m.group(1));
    int to = Integer.parseInt(m.group(2));
    if (from > to || to > GraphInput.MAX_COLUMN) {
      item.problem("a range 'FROM-TO' needs FROM <= TO <= " + GraphInput.MAX_COLUMN + ", found "
          + item.found());
      return;
    }
    for (int c = from; c <= to; c++) {
      columns.add(c);
    }
  }
}
