package io.sparktrain.exchange;

import java.io.IOException;
import java.io.Serializable;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Where an exchange socket listens: one address (the one Spark uses for this driver or
 * executor, never every interface) and a port range that a firewall can open
 * ({@code spark.sparktrain.ringPorts=A-B}); port 0 to 0 means any free port.
 *
 * @param host the address to bind, a name or a literal
 * @param firstPort the lowest port to try, 0 for any free port
 * @param lastPort the highest port to try
 */
public record Endpoint(String host, int firstPort, int lastPort) implements Serializable {

  private static final long serialVersionUID = 1L;

  public Endpoint {
    if (firstPort < 0 || lastPort > 65535 || lastPort < firstPort) {
      throw new IllegalArgumentException("port range " + firstPort + "-" + lastPort
          + ": must be 0 (any free port) or A-B with 1 <= A <= B <= 65535");
    }
  }

  /** {@code host} on any free port. */
  public static Endpoint anyPort(String host) {
    return new Endpoint(host, 0, 0);
  }

  /**
   * {@code host} on a range written "A-B", a single port "A", or "" / "0" for any free port.
   *
   * @throws IllegalArgumentException naming {@code setting} if the range is malformed
   */
  public static Endpoint parse(String host, String range, String setting) {
    String text = range == null ? "" : range.strip();
    if (text.isEmpty() || text.equals("0")) {
      return anyPort(host);
    }
    try {
      int dash = text.indexOf('-');
      int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash).strip());
      int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1).strip());
      if (first < 1) {
        throw new IllegalArgumentException("ports start at 1");
      }
      return new Endpoint(host, first, last);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": expected a port range A-B, found '" + range
          + "' (" + e.getMessage() + ")", e);
    }
  }

  /** The same ports at {@code otherHost}. */
  public Endpoint at(String otherHost) {
    return new Endpoint(otherHost, firstPort, lastPort);
  }

  /**
   * Listens on the first free port of the range.
   *
   * @throws IOException if the address is not this machine's, or every port of the range is taken
   */
  public ServerSocket listen() throws IOException {
    InetAddress address = InetAddress.getByName(host);
    IOException last = null;
    for (int port = firstPort; port <= lastPort; port++) {
      ServerSocket server = new ServerSocket();
      try {
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 64);
        return server;
      } catch (BindException e) {
        server.close();
        last = e;
      }
    }
    throw new IOException("cannot listen on " + host + " at any port of " + firstPort + "-"
        + lastPort + ": " + (last == null ? "empty range" : last.getMessage()), last);
  }
}
