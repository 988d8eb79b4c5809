"""Nearest neighbours of a word in a word2vec file, as gensim computes them.

Usage: /usr/bin/python3 nearest.py VECTORS WORD [N]
VECTORS is word2vec's binary format when its name ends in .bin, else the text format. Prints one
"word similarity" line per neighbour, the same lines as `bin/sparktrain w2v-nearest`, so the two
can be compared (Debian's python3-gensim, 4.2).
"""
import sys

from gensim.models import KeyedVectors


def main():
    path, word = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    vectors = KeyedVectors.load_word2vec_format(path, binary=path.endswith(".bin"))
    for neighbour, similarity in vectors.most_similar(word, topn=count):
        print("%-24s %.4f" % (neighbour, similarity))


if __name__ == "__main__":
    main()
