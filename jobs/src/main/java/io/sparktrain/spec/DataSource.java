package io.sparktrain.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The registered data sets a spec may name as {@code data.source}, in the one place they are
 * listed: the reader's allowed values, the text sources and the data layer's readers (an
 * exhaustive switch) all derive from these constants.
 */
public enum DataSource {
  MNIST, FASHION_MNIST, DIGITS, IRIS, WINE, BREAST_CANCER,
  /** The XOR truth table, generated: nothing to install. */
  XOR,
  /** Ham (0) and spam (1) e-mails, read as word ids. */
  SPAM_ASSASSIN,
  /**
   * MNIST's images with three 0/1 attributes of their digit as a multi-label target: even,
   * greater than 4, prime. Derived from the installed MNIST, deterministically.
   */
  MNIST_ATTRIBUTES,
  /**
   * Pairs of MNIST images {@code [first | second]}, labelled 1 when both show the same digit and
   * 0 when not, half of each kind (a Siamese network's data; data.DigitPairs).
   */
  MNIST_PAIRS,
  /**
   * Two augmented views {@code [view1 | view2]} of each MNIST image (shifted, noised: a Barlow
   * Twins network's data; data.TwoViews), labelled by its digit for a linear probe.
   */
  MNIST_VIEWS,
  /** Yearly sunspot numbers 1700-2008, read as forecasting windows (a regression target). */
  SUNSPOTS,
  /** Weekly Mauna Loa CO2 1958-2001, gaps interpolated, read as forecasting windows. */
  CO2,
  /**
   * English first names, female and male lists together, read as character sequences: each name
   * lowercased between a start and an end marker, its target every step's next character.
   */
  NAMES;

  /** The name a spec gives, which is also the data set's name in the cache. */
  public String yamlName() {
    return YamlNames.of(this);
  }

  /** Whether the examples are texts, encoded as word ids. */
  public boolean isText() {
    return this == SPAM_ASSASSIN;
  }

  /**
   * Whether the examples are windows of one series, each with the next step's value as its
   * regression target; the source scales them itself (data.SeriesSource).
   */
  public boolean isSeries() {
    return this == SUNSPOTS || this == CO2;
  }

  /** Whether the source is read from a data set installed in the cache (all but XOR). */
  public boolean isInstalled() {
    return this != XOR;
  }

  /**
   * Whether the examples are character sequences of varying length, each step's target the next
   * character ({@link DataSpec.Target#NEXT_STEP}).
   */
  public boolean isCharacters() {
    return this == NAMES;
  }

  /**
   * The data sets of the cache the source reads: its own name, MNIST's for the attributes derived
   * from it, the two lists of first names for names; none for XOR, which is generated.
   */
  public List<String> cachedSets() {
    return switch (this) {
      case XOR -> List.of();
      case MNIST_ATTRIBUTES, MNIST_PAIRS, MNIST_VIEWS -> List.of(MNIST.yamlName());
      case NAMES -> List.of(FEMALE_NAMES, MALE_NAMES);
      default -> List.of(yamlName());
    };
  }

  /** The cached data set of the female first names ({@link #NAMES} reads it). */
  public static final String FEMALE_NAMES = "female-first-names";
  /** The cached data set of the male first names. */
  public static final String MALE_NAMES = "male-first-names";

  /** The source of that name; empty for {@code csv} or an unknown name. */
  public static Optional<DataSource> named(String name) {
    return Arrays.stream(values()).filter(s -> s.yamlName().equals(name)).findFirst();
  }

  /** Every name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(DataSource::yamlName).toList();
  }
}
