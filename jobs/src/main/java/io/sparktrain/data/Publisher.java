package io.sparktrain.data;

import io.sparktrain.runs.AtomicWrite;
import io.sparktrain.spec.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Moves a verified tree to its place in the cache with atomic renames, so a reader sees either
 * no install, the old one or the new one, never a partial tree.
 */
final class Publisher {

  private Publisher() {}

  /**
   * Publishes {@code tree} (in a staging directory of the cache) as {@code target}.
   *
   * @param replace whether an existing install is replaced; it is first moved next to {@code tree},
   *     inside the staging directory, whose removal then disposes of it
   * @throws DataException if the rename fails, or another process installed a copy that does not
   *     have the pinned digest
   */
  static void publish(DataSet set, Path tree, Path target, boolean replace) {
    if (replace && Files.isDirectory(target)) {
      swap(tree, target);
      return;
    }
    try {
      Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isDirectory(target)) {
        throw new DataException("cannot move the verified copy of '" + set.name() + "' to "
            + target + " (" + e + ")", e);
      }
      // Another process renamed its copy in first: fine if it is the same data.
      String existing = TreeDigest.of(target);
      if (!existing.equals(set.sha256())) {
        throw new DataException("data set '" + set.name() + "': the copy another process installed"
            + " at " + target + " has sha256 " + existing + ", expected " + set.sha256()
            + "; remove that directory and fetch again");
      }
    }
  }

  private static void swap(Path tree, Path target) {
    try {
      AtomicWrite.replaceLocalDirectory(tree, target, tree.resolveSibling("previous"));
    } catch (IOException e) {
      throw new DataException("cannot replace the install " + target + " with the new copy ("
          + e + ")", e);
    }
  }
}
