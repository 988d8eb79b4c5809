"""Train gensim's Word2Vec with sparktrain's default settings on a tokenised corpus.

Usage: /usr/bin/python3 gensim_train.py CORPUS OUT.bin [WORKERS] [sg|cbow]
CORPUS has one sentence per line, tokens separated by spaces (as sparktrain tokenises them).
Prints "words/s N" (raw words read per second of training) and "seconds N" (of model.train); writes the vectors in word2vec's binary format.
"""
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    skip_gram = (sys.argv[4] if len(sys.argv) > 4 else "sg") == "sg"
    model = Word2Vec(vector_size=100, window=5, negative=5, hs=0, min_count=5, sample=1e-3,
                     sg=1 if skip_gram else 0, alpha=0.025 if skip_gram else 0.05,
                     min_alpha=0.0001, workers=workers, seed=42)
    model.build_vocab(LineSentence(corpus))
    start = time.time()
    _, raw_words = model.train(LineSentence(corpus), total_examples=model.corpus_count,
                               epochs=5)
    seconds = time.time() - start
    # Raw words: every token read, before subsampling and vocabulary pruning (sparktrain's own
    # words/s, like word2vec.c's, counts only words of the vocabulary).
    print("vocabulary %d" % len(model.wv))
    print("words/s %.0f" % (raw_words / seconds))
    print("seconds %.3f" % seconds)
    model.wv.save_word2vec_format(out, binary=True)


if __name__ == "__main__":
    main()
