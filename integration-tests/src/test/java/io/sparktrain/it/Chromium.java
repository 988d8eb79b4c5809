package io.sparktrain.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium rendering a page to a PNG. With {@code --enable-logging=stderr} it
 * prints every console message of the page as a {@code CONSOLE} line, which is how a script
 * error or a blocked resource would show.
 */
final class Chromium {

  static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  /** What a render left: the screenshot and the page's console lines. */
  record Render(Path screenshot, List<String> console) {}

  /**
   * Renders {@code html} at 1400 x 2400 pixels (the run report's curves and confusion matrix fit)
   * into {@code screenshot}; skips the test, saying why, when Chromium is not installed (.ci/run
   * installs it).
   */
  static Render screenshot(Path html, Path screenshot) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(BINARY),
        "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it");
    Path profile = Files.createTempDirectory("chromium-profile");
    Launcher.Result result = Launcher.runCommand(Map.of(), List.of(BINARY.toString(),
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
        "--window-size=1400,2400", "--screenshot=" + screenshot.toAbsolutePath(),
        html.toAbsolutePath().toUri().toString()));
    assertEquals(0, result.code(), result.output());
    return new Render(screenshot, result.output().lines()
        .filter(line -> line.contains(":CONSOLE")).toList());
  }

  /**
   * Asserts the PNG shows a page with content: at least {@code minColours} distinct colours and
   * at least a tenth of its pixels not white, which a blank or error page does not reach.
   */
  static void assertNotBlank(Path png, int minColours) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) {
          inked++;
        }
      }
    }
    long sampled = (long) ((image.getHeight() + 1) / 2) * ((image.getWidth() + 1) / 2);
    assertTrue(colours.size() >= minColours, colours.size() + " colours in " + png);
    assertTrue(inked * 10 >= sampled, inked + " of " + sampled + " pixels inked in " + png);
  }
}
