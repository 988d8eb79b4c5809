package io.sparktrain.embed.eval;

import java.util.List;
import java.util.stream.Stream;

/**
 * Lines of WordNet 3.1's data files (pointer lists shortened, with their counts adjusted), each
 * picked for one parsing or mining rule.
 */
final class WordNetLines {

  /** Two single-word adjective lemmas. */
  static final String NONABSORBENT = "00007832 00 a 02 nonabsorbent 0 nonabsorptive 0 002 "
      + "! 00006354 a 0101 & 00008009 a 0000 | not capable of absorbing or soaking up (liquids)  ";
  /** An adjective satellite whose second word carries a syntactic marker. */
  static final String GALORE = "00014377 00 s 02 abounding 0 galore(ip) 0 001 & 00013906 a 0000 "
      + "| existing in abundance; \"abounding confidence\"; \"whiskey galore\"  ";
  /** A verb with a multiword lemma among three single words, and verb frames after the pointers. */
  static final String BREATHE = "00001740 29 v 04 breathe 0 take_a_breath 0 respire 0 suspire 3 "
      + "002 $ 00002325 v 0000 $ 00002573 v 0000 02 + 02 00 + 08 00 | draw air into, and expel out "
      + "of, the lungs; \"I can breathe better when the air is clean\"; \"The patient is respiring\"  ";
  /** A capital whose first lemma is its only single token. */
  static final String PARIS = "08952341 15 n 04 Paris 0 City_of_Light 0 French_capital 0 "
      + "capital_of_France 0 002 @i 08709407 n 0000 #p 08949695 n 0000 | the capital and largest "
      + "city of France; and international center of culture and commerce  ";
  static final String LIMA = "09002248 15 n 02 Lima 0 capital_of_Peru 0 002 @i 08709407 n 0000 "
      + "#p 09001424 n 0000 | capital and largest city and economic center of Peru; located in "
      + "western Peru; was capital of the Spanish empire in the New World until the 19th century  ";
  static final String KABUL = "08722051 15 n 02 Kabul 0 capital_of_Afghanistan 0 002 "
      + "@i 08709407 n 0000 #p 08721268 n 0000 | the capital and largest city of Afghanistan; "
      + "located in eastern Afghanistan  ";
  /** "capital of Italy" only inside a quoted example. */
  static final String CAPITAL = "08535930 15 n 01 capital 1 001 @ 08531106 n 0000 | a center that "
      + "is associated more than any other with some activity or product; \"the crime capital of "
      + "Italy\"; \"the drug capital of Columbia\"  ";
  /** A former capital. */
  static final String NANJING = "08745899 15 n 02 Nanjing 0 Nanking 0 002 @i 08542298 n 0000 "
      + "#p 08740839 n 0000 | a city in eastern China on the Yangtze River; a former capital of "
      + "China; the scene of a Japanese massacre in the 1930s  ";
  /** A two-word country. */
  static final String PRAIA = "08735927 15 n 03 Praia 0 Cidade_de_Praia 0 capital_of_Cape_Verde 0 "
      + "002 @i 08709407 n 0000 #p 08735748 n 0000 | the capital of Cape Verde on Sao Tiago Island  ";
  /** An adjective where the country would be. */
  static final String MERIDA = "08780437 15 n 01 Merida 0 001 @i 08542298 n 0000 | the capital of "
      + "the Mexican state of Yucatan  ";
  /** Two capitals of two different Georgias. */
  static final String TBILISI = "09010231 15 n 03 Tbilisi 0 Tiflis 0 capital_of_Georgia 0 002 "
      + "@i 08709407 n 0000 #p 09009836 n 0000 | the capital and largest city of Georgia on the Kura "
      + "river  ";
  static final String ATLANTA = "09129059 15 n 02 Atlanta 0 capital_of_Georgia 0 002 "
      + "@i 08709407 n 0000 #p 09128405 n 0000 | state capital and largest city of Georgia; chief "
      + "commercial center of the southeastern United States  ";

  /** NONABSORBENT's antonym (made from WordNet's line, pointers shortened). */
  static final String ABSORBENT = "00006354 00 a 01 absorbent 0 001 ! 00007832 a 0101 | having "
      + "power or capacity or tendency to absorb or soak up something (liquids or energy etc.)  ";
  /** A country adjective. */
  static final String ALBANIAN = "02620230 01 a 01 Albanian 0 001 \\ 08722636 n 0101 | of or "
      + "relating to Albania or its people or language or culture  ";
  /** A place of two words: no pair. */
  static final String NEW_ZEALAND = "02941690 01 a 01 New_Zealander 0 000 | of or relating to New "
      + "Zealand or its people  ";

  /** The first lines of every data file. */
  static final List<String> LICENSE_HEADER = List.of(
      "  1 This software and database is being provided to you, the LICENSEE, by  ",
      "  2 Princeton University under the following license.  By obtaining, using  ",
      "  5   ");

  private WordNetLines() {}

  static List<Synset> parse(String... lines) {
    return Stream.of(lines).map(WordNetFiles::parse).toList();
  }
}
