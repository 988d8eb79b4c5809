package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The challenge-response over in-memory pipes: both ends agree on session keys only when they
 * hold the same key, the key never appears in what is sent, and a recorded handshake replayed
 * later, or a proof for another label, opens nothing.
 */
class HandshakeTest {

  private static final byte[] SECRET = Handshake.randomSecret();
  private static final String LABEL = "run-1/epoch-1#0";

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void endsHoldingTheSameKeyAgreeOnSessionKeysThatNeverCrossTheWire() throws Exception {
    byte[] key = Handshake.derive(SECRET, LABEL);
    Conversation talk = new Conversation();
    Future<Handshake.Accepted> server = pool.submit(() -> talk.serve(l -> key));
    Handshake.Session client = talk.client(key, LABEL);
    Handshake.Accepted accepted = server.get();
    assertNotNull(accepted);
    assertEquals(LABEL, accepted.label());
    assertArrayEquals(client.clientToServer(), accepted.session().clientToServer());
    assertArrayEquals(client.serverToClient(), accepted.session().serverToClient());
    assertFalse(Arrays.equals(client.clientToServer(), client.serverToClient()));
    byte[] wire = talk.wire();
    for (byte[] hidden : new byte[][] {SECRET, key, client.clientToServer()}) {
      assertEquals(-1, WireBytes.indexOf(wire, hidden), "a key crossed the wire");
    }
  }

  @Test
  void aClientWithAnotherSecretFailsSayingTheSecretsDiffer() throws Exception {
    Conversation talk = new Conversation();
    pool.submit(() -> talk.serve(l -> Handshake.derive(SECRET, l)));
    byte[] wrong = Handshake.derive(Handshake.randomSecret(), LABEL);
    ExchangeException failure =
        assertThrows(ExchangeException.class, () -> talk.client(wrong, LABEL));
    assertTrue(failure.getMessage().contains("disagree on the secret"), failure.getMessage());
  }

  @Test
  void aClientThatCannotProveTheKeyIsRefused() throws Exception {
    Conversation talk = new Conversation();
    Future<Handshake.Accepted> server = pool.submit(() -> talk.serve(l -> SECRET));
    DataOutputStream out = new DataOutputStream(talk.toServer);
    out.writeInt(Handshake.MAGIC);
    out.writeShort(LABEL.length());
    out.writeBytes(LABEL);
    out.write(new byte[Handshake.KEY_BYTES]);
    // Reads the challenge, then answers with a proof made without the key.
    new DataInputStream(talk.fromServer).readFully(new byte[2 * Handshake.KEY_BYTES]);
    out.write(Handshake.randomSecret());
    out.flush();
    assertNull(server.get());
  }

  @Test
  void aRecordedHandshakeReplayedLaterIsRefused() throws Exception {
    byte[] key = Handshake.derive(SECRET, LABEL);
    Conversation original = new Conversation();
    Future<Handshake.Accepted> first = pool.submit(() -> original.serve(l -> key));
    original.client(key, LABEL);
    assertNotNull(first.get());
    byte[] recorded = original.sentByClient.toByteArray();
    // The same bytes again, to a server that now challenges with a fresh nonce.
    Handshake.Accepted replayed = Handshake.asServer(
        new DataInputStream(new ByteArrayInputStream(recorded)),
        new DataOutputStream(OutputStream.nullOutputStream()), l -> key);
    assertNull(replayed);
  }

  @Test
  void unknownLabelsGarbageAndOversizedLabelsAreRefusedWithoutAProof() throws Exception {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    ByteArrayOutputStream unknown = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(unknown);
    out.writeInt(Handshake.MAGIC);
    out.writeShort(5);
    out.writeBytes("other");
    out.write(new byte[Handshake.KEY_BYTES]);
    assertNull(Handshake.asServer(in(unknown.toByteArray()), new DataOutputStream(answer),
        l -> l.equals(LABEL) ? SECRET : null));
    assertNull(Handshake.asServer(in("GET / HTTP/1.1\r\n\r\n".getBytes()),
        new DataOutputStream(answer), l -> SECRET));
    ByteArrayOutputStream huge = new ByteArrayOutputStream();
    out = new DataOutputStream(huge);
    out.writeInt(Handshake.MAGIC);
    out.writeShort(60_000);
    assertNull(Handshake.asServer(in(huge.toByteArray()), new DataOutputStream(answer),
        l -> SECRET));
    assertEquals(0, answer.size(), "a refused client must learn nothing");
    assertThrows(EOFException.class, () -> Handshake.asServer(in(new byte[] {0x53, 0x54}),
        new DataOutputStream(answer), l -> SECRET));
  }

  @Test
  void stageKeysAreFullLengthAndDifferPerLabelAndSecret() {
    byte[] key = Handshake.derive(SECRET, LABEL);
    assertEquals(32, key.length);
    assertFalse(Arrays.equals(key, Handshake.derive(SECRET, "run-1/epoch-2#0")));
    assertFalse(Arrays.equals(key, Handshake.derive(Handshake.randomSecret(), LABEL)));
    assertArrayEquals(key, Handshake.derive(SECRET.clone(), LABEL));
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  /** Two pipes between a client (this thread) and a server, recording both directions. */
  private static final class Conversation {
    final PipedInputStream serverIn = new PipedInputStream(1 << 16);
    final PipedInputStream fromServer = new PipedInputStream(1 << 16);
    final ByteArrayOutputStream sentByClient = new ByteArrayOutputStream();
    final ByteArrayOutputStream sentByServer = new ByteArrayOutputStream();
    final OutputStream toServer;
    final OutputStream serverOut;

    Conversation() throws IOException {
      toServer = tee(new PipedOutputStream(serverIn), sentByClient);
      serverOut = tee(new PipedOutputStream(fromServer), sentByServer);
    }

    Handshake.Accepted serve(Handshake.KeyLookup keys) throws IOException {
      return Handshake.asServer(new DataInputStream(serverIn), new DataOutputStream(serverOut),
          keys);
    }

    Handshake.Session client(byte[] key, String label) throws IOException {
      return Handshake.asClient(new DataInputStream(fromServer),
          new DataOutputStream(toServer), key, label, "the test server");
    }

    byte[] wire() {
      byte[] a = sentByClient.toByteArray();
      byte[] b = sentByServer.toByteArray();
      byte[] both = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, both, a.length, b.length);
      return both;
    }

    private static OutputStream tee(OutputStream target, ByteArrayOutputStream copy) {
      return new OutputStream() {
        @Override
        public synchronized void write(int b) throws IOException {
          copy.write(b);
          target.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
          copy.write(b, off, len);
          target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          target.flush();
        }
      };
    }
  }
}
