package io.sparktrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class HtmlPageTest {

  @Test
  void numbersReadTheSameWhateverTheMachinesLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("9,001", HtmlPage.cell(9001.0));
      assertEquals("0.5000", HtmlPage.cell(0.5));
      assertEquals("12,345", HtmlPage.cell(12_345L));
    } finally {
      Locale.setDefault(before);
    }
  }
}
