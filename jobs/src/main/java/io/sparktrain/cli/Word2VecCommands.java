package io.sparktrain.cli;

import io.sparktrain.data.DataCache;
import io.sparktrain.embed.Word2VecFormat;
import io.sparktrain.embed.Word2VecJob;
import io.sparktrain.embed.WordVectors;
import io.sparktrain.spec.SpecException;
import io.sparktrain.spec.Word2VecSpec;
import io.sparktrain.spec.Word2VecSpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pretrain-w2v} and {@code w2v-nearest}. */
final class Word2VecCommands {

  private Word2VecCommands() {}

  @Command(name = "pretrain-w2v", mixinStandardHelpOptions = true, description = "Train Word2Vec "
      + "on Spark (both weight matrices averaged between workers every round); write the vectors "
      + "in word2vec's text and binary formats and score them on WordNet.")
  static final class Pretrain implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "Word2Vec spec (YAML)")
    private Path specFile;

    @Mixin
    private RunOptions options;

    @Override
    public Integer call() {
      Word2VecSpec spec = Word2VecSpecReader.read(specFile);
      return options.withSpark("sparktrain " + spec.name(), spec.workers(), sc ->
          new Word2VecJob(sc, DataCache.fromEnvironment(), System.out)
              .run(spec, options.runsDir()));
    }
  }

  @Command(name = "w2v-nearest", mixinStandardHelpOptions = true,
      description = "Print a word's nearest neighbours by cosine similarity.")
  static final class Nearest implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VECTORS",
        description = "vectors in word2vec text format, or binary when the name ends in .bin")
    private Path vectors;

    @Parameters(index = "1", paramLabel = "WORD")
    private String word;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "neighbours (10)")
    private int count;

    @Override
    public Integer call() {
      WordVectors loaded = Word2VecFormat.read(vectors);
      if (!loaded.contains(word)) {
        throw new SpecException(vectors.toString(), List.of("WORD: '" + word
            + "' is not in the vocabulary of " + vectors));
      }
      for (WordVectors.Neighbour n : loaded.nearest(word, count)) {
        System.out.printf("%-24s %.4f%n", n.word(), n.similarity());
      }
      return ExitCodes.OK;
    }
  }
}
