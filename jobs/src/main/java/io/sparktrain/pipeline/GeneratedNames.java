package io.sparktrain.pipeline;

import io.sparktrain.data.CharacterAlphabet;
import io.sparktrain.model.SymbolSampler;
import io.sparktrain.runs.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a trained character language model writes beside its metrics: {@value #COUNT} sequences
 * sampled from the start marker ({@link SymbolSampler}), one per line, in {@value #FILE}. The
 * temperature {@value #TEMPERATURE} trims the tail of unlikely letters a little without
 * collapsing onto the commonest names; sampling is seeded by the job's seed, so a run's names can
 * be drawn again from its model.
 */
final class GeneratedNames {

  static final String FILE = "names.txt";
  static final int COUNT = 20;
  static final double TEMPERATURE = 0.8;
  /** Longer than any name of the lists (15 letters), so a cut-off shows as an outlier. */
  static final int MAX_LENGTH = 20;

  private GeneratedNames() {}

  /** The samples of {@code network}, drawn with {@code seed}. */
  static List<String> sample(MultiLayerNetwork network, long seed) {
    SymbolSampler sampler = new SymbolSampler(CharacterAlphabet.START, CharacterAlphabet.END,
        MAX_LENGTH, TEMPERATURE);
    Random random = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      names.add(CharacterAlphabet.decode(sampler.sample(network, random)));
    }
    return names;
  }

  /**
   * Writes the samples into {@code run}; a graph network, which has no step-by-step generation
   * here, writes nothing.
   *
   * @return the names written, empty for a graph
   */
  static List<String> write(Model network, long seed, RunDirectory run) {
    if (!(network instanceof MultiLayerNetwork stack)) {
      return List.of();
    }
    List<String> names = sample(stack, seed);
    run.writeText(FILE, String.join("\n", names) + "\n");
    return names;
  }
}
