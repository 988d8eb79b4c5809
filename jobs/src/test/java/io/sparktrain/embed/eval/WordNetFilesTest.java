package io.sparktrain.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparktrain.spec.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing WordNet data lines and files. */
class WordNetFilesTest {

  @TempDir
  Path dir;

  @Test
  void parsesOffsetPartOfSpeechWordsAndGloss() {
    Synset paris = WordNetFiles.parse(WordNetLines.PARIS);

    assertEquals("08952341", paris.offset());
    assertEquals('n', paris.partOfSpeech());
    assertEquals(List.of("Paris", "City_of_Light", "French_capital", "capital_of_France"),
        paris.words());
    assertEquals("the capital and largest city of France; and international center of culture and "
        + "commerce", paris.gloss());
  }

  @Test
  void stripsAdjectiveMarkers() {
    assertEquals(List.of("abounding", "galore"), WordNetFiles.parse(WordNetLines.GALORE).words());
  }

  @Test
  void singleTokenLemmasAreLowercaseLettersWithoutMultiwordForms() {
    assertEquals(List.of("breathe", "respire", "suspire"),
        WordNetFiles.parse(WordNetLines.BREATHE).singleTokenLemmas());
    assertEquals(List.of("paris"), WordNetFiles.parse(WordNetLines.PARIS).singleTokenLemmas());
  }

  @Test
  void singleTokenLemmasDropHyphensApostrophesDigitsAndShortWords() {
    Synset synset = new Synset("00000001", 'n',
        List.of("Fort-Lamy", "N'Djamena", "B12", "he", "Ndjamena", "ndjamena"), "");

    assertEquals(List.of("ndjamena"), synset.singleTokenLemmas());
  }

  @Test
  void readsTheFourFilesSkippingTheLicenseHeader() throws Exception {
    write("data.adj", WordNetLines.NONABSORBENT, WordNetLines.GALORE);
    write("data.adv");
    write("data.noun", WordNetLines.PARIS, WordNetLines.LIMA);
    write("data.verb", WordNetLines.BREATHE);

    List<Synset> synsets = WordNetFiles.read(dir);

    assertEquals(List.of("00007832", "00014377", "08952341", "09002248", "00001740"),
        synsets.stream().map(Synset::offset).toList());
  }

  @Test
  void rejectsAMissingFileNamingIt() throws Exception {
    write("data.adj", WordNetLines.NONABSORBENT);

    DataException e = assertThrows(DataException.class, () -> WordNetFiles.read(dir));

    assertTrue(e.getMessage().contains("data.adv"), e.getMessage());
  }

  @Test
  void rejectsALineWithFewerWordsThanItsCount() throws Exception {
    write("data.noun", "08722051 15 n 03 Kabul 0 capital_of_Afghanistan | the capital");

    DataException e = assertThrows(DataException.class,
        () -> WordNetFiles.readFile(dir.resolve("data.noun")));

    assertTrue(e.getMessage().contains("data.noun"), e.getMessage());
  }

  @Test
  void rejectsALineThatIsNoSynset() {
    assertThrows(IllegalArgumentException.class, () -> WordNetFiles.parse("not a synset"));
  }

  private void write(String name, String... lines) throws Exception {
    List<String> content = new ArrayList<>(WordNetLines.LICENSE_HEADER);
    content.addAll(List.of(lines));
    Files.write(dir.resolve(name), content);
  }
}
