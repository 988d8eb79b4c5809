package io.sparktrain.exchange;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual challenge–response proof that both ends of a connection hold the same 256-bit key, with
 * HMAC-SHA256 and fresh 32-byte nonces from both sides; the key itself never crosses the wire.
 *
 * <pre>
 *   client -> server   MAGIC, label (length, UTF-8), client nonce Nc
 *   server -> client   server nonce Ns, HMAC(key, "server" | label | Nc | Ns)
 *   client -> server   HMAC(key, "client" | label | Nc | Ns)
 * </pre>
 *
 * The label names what the client wants to join (a stage attempt, a ring link); the server picks
 * the key by it. Because Ns is new for every connection, a recorded handshake replayed later
 * proves nothing; because the label is inside both MACs, a proof for one stage or link does not
 * open another. Both ends then derive per-direction session keys from (key, Nc, Ns), for
 * {@link FrameCipher}. Labels and nonces are not secret.
 */
public final class Handshake {

  /** Bytes of keys, nonces and proofs. */
  public static final int KEY_BYTES = 32;
  static final int MAGIC = 0x53544831; // "STH1"
  /** A label longer than this is not one of ours: refused before it is read. */
  static final int MAX_LABEL_BYTES = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  /** Keys for the two directions of one authenticated connection. */
  public record Session(byte[] clientToServer, byte[] serverToClient) {}

  /** Finds the key for a label, or null when no such stage or link is open (then: refused). */
  @FunctionalInterface
  public interface KeyLookup {
    byte[] keyFor(String label);
  }

  /**
   * The key of one stage (or any other named thing) under an application secret:
   * HMAC-SHA256(secret, "sparktrain-stage" | label), the full 256 bits.
   */
  public static byte[] derive(byte[] secret, String label) {
    return hmac(secret, "sparktrain-stage", utf8(label));
  }

  /** A fresh random 256-bit secret, for a run without Spark's authentication. */
  public static byte[] randomSecret() {
    return nonce();
  }

  /**
   * The client's side: announces {@code label}, checks the server's proof, sends its own.
   *
   * @throws ExchangeException if the server's proof is wrong: the two ends hold different secrets
   * @throws IOException if the connection fails or the server hangs up (it refused the label)
   */
  public static Session asClient(DataInputStream in, DataOutputStream out, byte[] key,
      String label, String server) throws IOException {
    byte[] clientNonce = nonce();
    byte[] labelBytes = utf8(label);
    if (labelBytes.length > MAX_LABEL_BYTES) {
      throw new IllegalArgumentException("exchange label longer than " + MAX_LABEL_BYTES
          + " bytes: " + label);
    }
    out.writeInt(MAGIC);
    out.writeShort(labelBytes.length);
    out.write(labelBytes);
    out.write(clientNonce);
    out.flush();
    byte[] serverNonce = readBytes(in);
    byte[] serverProof = readBytes(in);
    if (!MessageDigest.isEqual(serverProof,
        hmac(key, "server", utf8(label), clientNonce, serverNonce))) {
      throw new ExchangeException(server + " could not prove that it holds this task's exchange "
          + "secret: the driver and the executors disagree on the secret (spark.authenticate."
          + "secret, or the secret file), or " + server + " is not part of this run");
    }
    out.write(hmac(key, "client", utf8(label), clientNonce, serverNonce));
    out.flush();
    return session(key, clientNonce, serverNonce);
  }

  /**
   * The server's side: reads the label, proves itself, checks the client's proof.
   *
   * @return the label and session, or null when the client is refused (not our magic, unknown
   *     label, wrong proof): the caller closes the connection without saying why
   */
  public static Accepted asServer(DataInputStream in, DataOutputStream out, KeyLookup keys)
      throws IOException {
    if (in.readInt() != MAGIC) {
      return null;
    }
    int labelLength = in.readUnsignedShort();
    if (labelLength > MAX_LABEL_BYTES) {
      return null;
    }
    byte[] labelBytes = new byte[labelLength];
    in.readFully(labelBytes);
    String label = new String(labelBytes, StandardCharsets.UTF_8);
    byte[] clientNonce = readBytes(in);
    byte[] key = keys.keyFor(label);
    if (key == null) {
      return null;
    }
    byte[] serverNonce = nonce();
    out.write(serverNonce);
    out.write(hmac(key, "server", utf8(label), clientNonce, serverNonce));
    out.flush();
    byte[] clientProof = readBytes(in);
    if (!MessageDigest.isEqual(clientProof,
        hmac(key, "client", utf8(label), clientNonce, serverNonce))) {
      return null;
    }
    return new Accepted(label, session(key, clientNonce, serverNonce));
  }

  /** A client that proved itself, and what it asked to join. */
  public record Accepted(String label, Session session) {}

  private static Session session(byte[] key, byte[] clientNonce, byte[] serverNonce) {
    byte[] master = hmac(key, "session", clientNonce, serverNonce);
    return new Session(hmac(master, "client-to-server"), hmac(master, "server-to-client"));
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[KEY_BYTES];
    in.readFully(bytes);
    return bytes;
  }

  private static byte[] nonce() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** HMAC-SHA256 over a domain tag and parts, each part prefixed by its length. */
  static byte[] hmac(byte[] key, String domain, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] tag = utf8(domain);
      mac.update((byte) tag.length);
      mac.update(tag);
      for (byte[] part : parts) {
        mac.update(new byte[] {(byte) (part.length >>> 8), (byte) part.length});
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }
}
