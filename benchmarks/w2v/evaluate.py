#!/usr/bin/python3
"""Score word2vec-format vectors on sparktrain's WordNet evaluation sets.

Computes the two numbers io.sparktrain.embed.eval.EmbeddingEvaluation computes, the same way, so
vectors trained by gensim and by sparktrain are scored identically:

  synonyms   fraction of lines "w1 w2 c1 c2" of synonyms.txt, among those whose four words all
             have vectors, where cos(w1, w2) > cos(c1, c2) (strictly; chance is 0.5)
  analogies  top-1 accuracy of 3CosAdd on the lines "a b c d" of analogies.txt: the answer is the
             word whose unit vector has the largest dot product with unit(b) - unit(a) + unit(c),
             a, b and c excluded, searched among the first --search words of the vectors file
             (the most frequent, as word2vec writes them); a question counts only when its four
             words are all among those words. Ties go to the earlier (more frequent) word.

The sets come from EvaluationSets.write (synonyms.txt, analogies.txt). Needs only Debian's
python3-gensim (gensim.models.KeyedVectors and the numpy it depends on).

  python3 evaluate.py vectors.txt sets/            # text word2vec format
  python3 evaluate.py --binary vectors.bin sets/   # binary word2vec format
"""

import argparse
import os
import sys

import numpy as np
from gensim.models import KeyedVectors

SEARCH_SIZE = 30000


def read_rows(path, width):
    """The lines of path split on whitespace; every line must have width words."""
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            words = line.split()
            if len(words) != width:
                sys.exit(f"{path}:{number}: expected {width} words, found {len(words)}")
            rows.append(words)
    return rows


def cosine(x, y):
    """Cosine in double precision; a zero vector has cosine 0 with everything (as in Java)."""
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    norms = np.dot(x, x) * np.dot(y, y)
    return 0.0 if norms == 0 else float(np.dot(x, y) / np.sqrt(norms))


def synonym_score(vectors, tests):
    covered = [t for t in tests if all(w in vectors.key_to_index for w in t)]
    passed = sum(1 for w1, w2, c1, c2 in covered
                 if cosine(vectors[w1], vectors[w2]) > cosine(vectors[c1], vectors[c2]))
    return fraction(passed, len(covered)), len(covered)


def unit_rows(vectors, size):
    """The first size vectors scaled to length 1 (zero rows stay zero), as float32."""
    rows = np.asarray(vectors.vectors[:size], dtype=np.float32)
    norms = np.sqrt(np.sum(rows.astype(np.float64) ** 2, axis=1))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return (rows * scale[:, None]).astype(np.float32)


def analogy_accuracy(vectors, questions, search_size):
    words = vectors.index_to_key[:search_size]
    index = {word: row for row, word in enumerate(words)}
    units = unit_rows(vectors, len(words))
    covered = [q for q in questions if all(w in index for w in q)]
    correct = 0
    for a, b, c, expected in covered:
        ia, ib, ic = index[a], index[b], index[c]
        query = units[ib] - units[ia] + units[ic]
        scores = units @ query
        scores[[ia, ib, ic]] = -np.inf
        # argmax returns the first maximum: the more frequent word on a tie, as in Java.
        if words[int(np.argmax(scores))] == expected:
            correct += 1
    return fraction(correct, len(covered)), len(covered)


def fraction(count, total):
    return float("nan") if total == 0 else count / total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vectors", help="word2vec-format vectors, most frequent word first")
    parser.add_argument("sets", help="directory holding synonyms.txt and analogies.txt")
    parser.add_argument("--binary", action="store_true", help="the vectors file is binary")
    parser.add_argument("--search", type=int, default=SEARCH_SIZE,
                        help=f"most frequent words searched for analogy answers ({SEARCH_SIZE})")
    args = parser.parse_args()
    if args.search < 4:
        sys.exit("--search: must be >= 4")

    vectors = KeyedVectors.load_word2vec_format(args.vectors, binary=args.binary)
    tests = read_rows(os.path.join(args.sets, "synonyms.txt"), 4)
    questions = read_rows(os.path.join(args.sets, "analogies.txt"), 4)

    synonyms, synonyms_covered = synonym_score(vectors, tests)
    accuracy, analogies_covered = analogy_accuracy(vectors, questions, args.search)
    print(f"synonyms {synonyms:.4f} ({synonyms_covered}/{len(tests)} covered), "
          f"analogies {accuracy:.4f} ({analogies_covered}/{len(questions)} covered)")


if __name__ == "__main__":
    main()
