package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Exchange sockets listen on one address, inside the configured port range. */
class EndpointTest {

  private static final String KEY = "spark.sparktrain.ringPorts";

  @Test
  void listensOnTheGivenAddressNotOnEveryInterface() throws IOException {
    try (ServerSocket server = Endpoint.anyPort("127.0.0.1").listen()) {
      assertEquals("127.0.0.1", server.getInetAddress().getHostAddress());
      assertFalse(server.getInetAddress().isAnyLocalAddress());
    }
  }

  /**
   * The probe finds a port free; it, or the one after it, may be in use by another socket by then
   * (CI saw it once, with the ring tests' connections in the same JVM), so a range that cannot
   * give both ports is probed again, a few times.
   */
  @Test
  void takesTheFirstFreePortOfTheRangeAndFailsWhenAllAreTaken() throws IOException {
    for (int attempt = 1; ; attempt++) {
      int first;
      try (ServerSocket probe = Endpoint.anyPort("127.0.0.1").listen()) {
        first = probe.getLocalPort();
      }
      Endpoint range = Endpoint.parse("127.0.0.1", first + "-" + (first + 1), KEY);
      ServerSocket a = null;
      ServerSocket b;
      try {
        a = range.listen();
        b = range.listen();
      } catch (IOException busy) {
        if (a != null) {
          a.close();
        }
        if (attempt == 10) {
          throw busy;
        }
        continue;
      }
      try (ServerSocket taken = a; ServerSocket second = b) {
        assertTrue(taken.getLocalPort() >= first && taken.getLocalPort() <= first + 1);
        assertTrue(second.getLocalPort() >= first && second.getLocalPort() <= first + 1);
        IOException full = assertThrows(IOException.class, range::listen);
        assertTrue(full.getMessage().contains(first + "-" + (first + 1)), full.getMessage());
      }
      return;
    }
  }

  @Test
  void parsesRangesSinglePortsAndAnyPort() {
    assertEquals(new Endpoint("h", 7100, 7199), Endpoint.parse("h", " 7100 - 7199 ", KEY));
    assertEquals(new Endpoint("h", 7100, 7100), Endpoint.parse("h", "7100", KEY));
    assertEquals(Endpoint.anyPort("h"), Endpoint.parse("h", "", KEY));
    assertEquals(Endpoint.anyPort("h"), Endpoint.parse("h", "0", KEY));
    assertEquals(new Endpoint("other", 1, 2), new Endpoint("h", 1, 2).at("other"));
  }

  @Test
  void rejectsMalformedRangesNamingTheSetting() {
    for (String bad : new String[] {"a-b", "7200-7100", "0-10", "7100-70000", "-5", "1-2-3"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("h", bad, KEY), bad);
      assertTrue(e.getMessage().startsWith(KEY + ": expected a port range A-B, found '" + bad),
          e.getMessage());
    }
  }
}
