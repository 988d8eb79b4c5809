package io.sparktrain.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparktrain.embed.Word2VecJob;
import io.sparktrain.runs.RunDirectory;
import io.sparktrain.runs.RunRecord;
import io.sparktrain.spec.Checks;
import io.sparktrain.spec.Word2VecSpec;
import io.sparktrain.spec.Word2VecSpecReader;
import java.util.List;

/**
 * {@code pretrain-w2v}: word vectors trained on a corpus, which later {@code train} stages name
 * in their {@code from} to use in their text data and embedding layer.
 *
 * @param word2vec the corpus and settings, as in a Word2Vec spec
 */
public record Word2VecStage(String name, Word2VecSpec word2vec) implements Stage {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static final StageKind KIND = new StageKind("pretrain-w2v",
      List.of("corpus", "word2vec", "training"),
      (node, r) -> {
        Word2VecSpec spec = Word2VecSpecReader.spec(node, r.output());
        return spec == null ? null : r.build(() -> new Word2VecStage(r.name(), spec));
      });

  public Word2VecStage {
    new Checks().required("name", name).required("word2vec", word2vec)
        .throwIfAny("stage " + name);
  }

  @Override
  public int workers() {
    return word2vec.workers();
  }

  @Override
  public Integer epochs() {
    return word2vec.epochs();
  }

  @Override
  public String resolvedSections() {
    return "# word2vec\n" + JSON.valueToTree(word2vec).toPrettyString() + "\n";
  }

  @Override
  public void run(StageContext context, RunDirectory dir, String resolved,
      RunRecord.StageRef ref) {
    dir.writeText(RunDirectory.SPEC, resolved);
    // Word2VecJob writes run.json itself, "finished" last.
    new Word2VecJob(context.sc(), context.cache(), context.console()).runIn(dir, word2vec, ref);
  }
}
