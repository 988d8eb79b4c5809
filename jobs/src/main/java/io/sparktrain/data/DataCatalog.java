package io.sparktrain.data;

import io.sparktrain.spec.DataException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data sets a {@link DataCache} can install, by name. {@link #standard()} is the pinned
 * registry of real data sets (see {@link StandardSets} for each one's files and mirrors); tests
 * build small catalogs of their own.
 */
public final class DataCatalog {

  private final Map<String, DataSet> sets = new LinkedHashMap<>();

  /**
   * A catalog of the given sets, in the order given.
   *
   * @throws IllegalArgumentException if two sets share a name
   */
  public DataCatalog(List<DataSet> sets) {
    for (DataSet set : sets) {
      if (this.sets.putIfAbsent(set.name(), set) != null) {
        throw new IllegalArgumentException("data set registered twice: " + set.name());
      }
    }
  }

  /** The registered real data sets with their pinned digests and mirrors. */
  public static DataCatalog standard() {
    return new DataCatalog(StandardSets.all());
  }

  /**
   * The set registered under {@code name}.
   *
   * @throws DataException if there is none; the message lists the known names
   */
  public DataSet get(String name) {
    DataSet set = sets.get(name);
    if (set == null) {
      throw new DataException("unknown data set '" + name + "'; known: " + String.join(", ", names()));
    }
    return set;
  }

  /** Whether a set is registered under {@code name}. */
  public boolean contains(String name) {
    return sets.containsKey(name);
  }

  /** The registered names, in registration order. */
  public List<String> names() {
    return List.copyOf(sets.keySet());
  }

  /** The registered sets, in registration order. */
  public List<DataSet> all() {
    return List.copyOf(sets.values());
  }
}
