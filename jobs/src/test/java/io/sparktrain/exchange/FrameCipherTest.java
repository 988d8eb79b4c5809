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
      assertEquals(sealed.length, seal.apply(plain, plain.length, sealed));
      assertFalse(Arrays.equals(plain, Arrays.copyOf(sealed, plain.length)));
      byte[] opened = new byte[plain.length];
      assertEquals(plain.length, open.apply(sealed, sealed.length, opened));
      assertArrayEquals(plain, opened);
    }
  }

  @Test
  void theSameDataSealsDifferentlyInEveryFrame() {
    FrameCipher seal = FrameCipher.sealing(key);
    byte[] zeros = new byte[64];
    byte[] first = new byte[80];
    byte[] second = new byte[80];
    seal.apply(zeros, 64, first);
    seal.apply(zeros, 64, second);
    assertFalse(Arrays.equals(first, second), "a repeated nonce would repeat the ciphertext");
  }

  @Test
  void aFlippedBitAReplayedFrameOrAnotherKeyFailsTheCheck() {
    FrameCipher seal = FrameCipher.sealing(key);
    byte[] plain = new byte[100];
    byte[] frame0 = new byte[116];
    byte[] frame1 = new byte[116];
    seal.apply(plain, 100, frame0);
    seal.apply(plain, 100, frame1);
    byte[] out = new byte[100];
    byte[] flipped = frame0.clone();
    flipped[7] ^= 1;
    assertThrows(ExchangeException.class,
        () -> FrameCipher.opening(key).apply(flipped, 116, out));
    // Frame 1 where frame 0 is due: out of order (or frame 0 replayed in its place).
    assertThrows(ExchangeException.class,
        () -> FrameCipher.opening(key).apply(frame1, 116, out));
    assertThrows(ExchangeException.class,
        () -> FrameCipher.opening(Handshake.randomSecret()).apply(frame0, 116, out));
  }
}
