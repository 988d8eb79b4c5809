package io.sparktrain.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** AES-GCM frames: they round-trip, hide the data, and reject anything altered or reordered. */
class FrameCipherTest {

  private final byte[] key = Handshake.randomSecret();

  @Test
  void framesRoundTripAndHideTheirContent() {
    FrameCipher seal = FrameCipher.sealing(key);
    FrameCipher open = FrameCipher.opening(key);
    byte[] plain = new byte[4096];
    new Random(3).nextBytes(plain);
    for (int frame = 0; frame < 3; frame++) {
      byte[] sealed = new byte[plain.length + FrameCipher.OVERHEAD];
      assertEquals(sealed.length, seal.apply(plain, 0, plain.length, sealed, 0));
      assertFalse(Arrays.equals(plain, Arrays.copyOf(sealed, plain.length)));
      byte[] opened = new byte[plain.length];
      assertEquals(plain.length, open.apply(sealed, 0, sealed.length, opened, 0));
      assertArrayEquals(plain, opened);
    }
  }

  @Test
  void theSameDataSealsDifferentlyInEveryFrame() {
    FrameCipher seal = FrameCipher.sealing(key);
    byte[] zeros = new byte[64];
    byte[] first = new byte[80];
    byte[] second = new byte[80];
    seal.apply(zeros, 0, 64, first, 0);
    seal.apply(zeros, 0, 64, second, 0);
    assertFalse(Arrays.equals(first, second), "a repeated nonce would repeat the ciphertext");
  }

  @Test
  void aFlippedBitAReplayedFrameOrAnotherKeyFailsTheCheck() {
    FrameCipher seal = FrameCipher.sealing(key);
    byte[] plain = new byte[100];
    byte[] frame0 = new byte[116];
    byte[] frame1 = new byte[116];
    seal.apply(plain, 0, 100, frame0, 0);
    seal.apply(plain, 0, 100, frame1, 0);
    byte[] out = new byte[100];
    byte[] flipped = frame0.clone();
    flipped[7] ^= 1;
    assertThrows(ExchangeException.class,
        () -> FrameCipher.opening(key).apply(flipped, 0, 116, out, 0));
    // Frame 1 where frame 0 is due: out of order (or frame 0 replayed in its place).
    assertThrows(ExchangeException.class,
        () -> FrameCipher.opening(key).apply(frame1, 0, 116, out, 0));
    assertThrows(ExchangeException.class,
        () -> FrameCipher.opening(Handshake.randomSecret()).apply(frame0, 0, 116, out, 0));
  }
}
