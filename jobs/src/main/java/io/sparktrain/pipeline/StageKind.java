package io.sparktrain.pipeline;

import io.sparktrain.spec.SpecNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A stage kind: its YAML name, the keys its stages may have and how they are read. Every
 * {@link Stage} record declares one as {@code static final StageKind KIND}; the list of kinds is
 * derived from {@link Stage}'s {@code permits}, so no other list of kinds exists to update.
 *
 * @param keys the stage's keys besides {@code name} and {@code type}
 */
public record StageKind(String name, List<String> keys, Reader reader) {

  /** Reads one stage of this kind from its mapping. */
  @FunctionalInterface
  public interface Reader {
    Stage read(SpecNode node, StageReading reading);
  }

  /**
   * Built on first use, not with this class: a stage record's own initialisation constructs its
   * kind, and must not find the list half made with its own entry still null.
   */
  private static final class Registry {
    static final List<StageKind> ALL = Arrays.stream(Stage.class.getPermittedSubclasses())
        .map(StageKind::declaredBy).toList();
  }

  /** Every kind, in the order of {@code permits}. */
  public static List<StageKind> all() {
    return Registry.ALL;
  }

  /** The kind of that YAML name. */
  public static Optional<StageKind> named(String name) {
    return all().stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /** The names of every kind, for messages. */
  public static List<String> names() {
    return all().stream().map(StageKind::name).toList();
  }

  static StageKind of(Class<?> stage) {
    return declaredBy(stage);
  }

  private static StageKind declaredBy(Class<?> stage) {
    try {
      Field field = stage.getDeclaredField("KIND");
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != StageKind.class) {
        throw new IllegalStateException(stage + ": KIND must be a static StageKind");
      }
      field.setAccessible(true);
      return (StageKind) field.get(null);
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw new IllegalStateException(stage + " declares no static final StageKind KIND", e);
    }
  }
}
