#!/usr/bin/python3
"""Score word2vec-format vectors on sparktrain's WordNet evaluation sets.

Computes the numbers io.sparktrain.embed.eval.EmbeddingEvaluation computes, the same way, so
vectors trained by gensim and by sparktrain are scored identically:

  synonym AUC  ROC AUC of cos(w1, w2) over the lines "w1 w2 c1 c2" of synonyms.txt against
               cos(c1, c2), the frequency-matched controls, among lines whose four words all have
               vectors (ties count one half; chance is 0.5)
  analogies    top-1 accuracy of 3CosAdd on the questions of analogies.txt (word2vec's
               questions-words format, ": relation" opening each section), per relation and over
               all: the answer is the word whose unit vector has the largest dot product with
               unit(b) - unit(a) + unit(c), a, b and c excluded, searched among the first --search
               words of the vectors file (the most frequent, as word2vec writes them); a question
               counts only when its four words are all among those words.

With --gensim it also prints gensim's own KeyedVectors.evaluate_word_analogies on the same file
(restrict_vocab=--search), an implementation sparktrain did not write.

The sets come from EvaluationSets.write. Needs only Debian's python3-gensim (and the numpy and
scipy it depends on).

  python3 evaluate.py vectors.txt sets/            # text word2vec format
  python3 evaluate.py --binary vectors.bin sets/   # binary word2vec format
"""

import argparse
import os
import sys

import numpy as np
from gensim.models import KeyedVectors
from scipy.stats import rankdata

SEARCH_SIZE = 30000


def read_synonyms(path):
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            words = line.split()
            if len(words) != 4:
                sys.exit(f"{path}:{number}: expected 4 words, found {len(words)}")
            rows.append(words)
    return rows


def read_analogies(path):
    """{relation: [(a, b, c, d), ...]} in file order."""
    sections = {}
    current = None
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.startswith(":"):
                current = line[1:].strip()
                sections[current] = []
                continue
            words = line.split()
            if current is None or len(words) != 4:
                sys.exit(f"{path}:{number}: expected ': relation' or 4 words")
            sections[current].append(words)
    return sections


def cosine(x, y):
    """Cosine in double precision; a zero vector has cosine 0 with everything (as in Java)."""
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    norms = np.dot(x, x) * np.dot(y, y)
    return 0.0 if norms == 0 else float(np.dot(x, y) / np.sqrt(norms))


def roc_auc(positives, negatives):
    """Mann-Whitney U over the product of the counts, ties one half."""
    if not positives or not negatives:
        return float("nan")
    ranks = rankdata(np.concatenate([positives, negatives]))
    n_pos = len(positives)
    u = ranks[:n_pos].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * len(negatives)))


def synonym_auc(vectors, tests):
    covered = [t for t in tests if all(w in vectors.key_to_index for w in t)]
    synonyms = [cosine(vectors[w1], vectors[w2]) for w1, w2, _, _ in covered]
    controls = [cosine(vectors[c1], vectors[c2]) for _, _, c1, c2 in covered]
    return roc_auc(synonyms, controls), len(covered)


def unit_rows(vectors, size):
    """The first size vectors scaled to length 1 (zero rows stay zero), as float32."""
    rows = np.asarray(vectors.vectors[:size], dtype=np.float32)
    norms = np.sqrt(np.sum(rows.astype(np.float64) ** 2, axis=1))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return (rows * scale[:, None]).astype(np.float32)


def analogy_counts(words, index, units, questions):
    covered = [q for q in questions if all(w in index for w in q)]
    correct = 0
    for a, b, c, expected in covered:
        ia, ib, ic = index[a], index[b], index[c]
        scores = units @ (units[ib] - units[ia] + units[ic])
        scores[[ia, ib, ic]] = -np.inf
        # argmax returns the first maximum: the more frequent word on a tie, as in Java.
        if words[int(np.argmax(scores))] == expected:
            correct += 1
    return correct, len(covered)


def fraction(count, total):
    return float("nan") if total == 0 else count / total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vectors", help="word2vec-format vectors, most frequent word first")
    parser.add_argument("sets", help="directory holding synonyms.txt and analogies.txt")
    parser.add_argument("--binary", action="store_true", help="the vectors file is binary")
    parser.add_argument("--search", type=int, default=SEARCH_SIZE,
                        help=f"most frequent words searched for analogy answers ({SEARCH_SIZE})")
    parser.add_argument("--gensim", action="store_true",
                        help="also print gensim's evaluate_word_analogies on the same questions")
    args = parser.parse_args()
    if args.search < 4:
        sys.exit("--search: must be >= 4")

    vectors = KeyedVectors.load_word2vec_format(args.vectors, binary=args.binary)
    tests = read_synonyms(os.path.join(args.sets, "synonyms.txt"))
    analogies_path = os.path.join(args.sets, "analogies.txt")
    sections = read_analogies(analogies_path)

    auc, synonyms_covered = synonym_auc(vectors, tests)
    words = vectors.index_to_key[:args.search]
    index = {word: row for row, word in enumerate(words)}
    units = unit_rows(vectors, len(words))
    parts = []
    correct_all = covered_all = total_all = 0
    for relation, questions in sections.items():
        correct, covered = analogy_counts(words, index, units, questions)
        parts.append(f"{relation} {fraction(correct, covered):.3f} ({covered})")
        correct_all += correct
        covered_all += covered
        total_all += len(questions)
    print(f"synonym AUC {auc:.4f} ({synonyms_covered}/{len(tests)} covered), "
          f"analogies {fraction(correct_all, covered_all):.4f} ({covered_all}/{total_all} covered; "
          + ", ".join(parts) + ")")
    if args.gensim:
        score, _ = vectors.evaluate_word_analogies(analogies_path, restrict_vocab=args.search)
        print(f"gensim evaluate_word_analogies: {score:.4f}")


if __name__ == "__main__":
    main()
