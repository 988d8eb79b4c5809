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

  @Test
  void takesTheFirstFreePortOfTheRangeAndFailsWhenAllAreTaken() throws IOException {
    int first;
    try (ServerSocket probe = Endpoint.anyPort("127.0.0.1").listen()) {
      first = probe.getLocalPort();
    }
    Endpoint range = Endpoint.parse("127.0.0.1", first + "-" + (first + 1), KEY);
    try (ServerSocket a = range.listen(); ServerSocket b = range.listen()) {
      assertTrue(a.getLocalPort() >= first && a.getLocalPort() <= first + 1);
      assertTrue(b.getLocalPort() >= first && b.getLocalPort() <= first + 1);
      IOException full = assertThrows(IOException.class, range::listen);
      assertTrue(full.getMessage().contains(first + "-" + (first + 1)), full.getMessage());
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
