package io.jetstreamproto.crypto.internal.aead;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SR-44: the JDK and Bouncy Castle implementations are interchangeable. On random keys, nonces, AAD and plaintext
 * lengths (0..2000), at non-zero offsets with a gap between AAD and payload, in every buffer kind, both seal to
 * identical bytes and each opens the other's output; one flipped bit anywhere in AAD, ciphertext or tag makes both
 * return -1.
 */
class AeadDifferentialTest {
    private static final int CASES_PER_SUITE = 500;
    private static final long SEED = 44;

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void identicalOutputCrossOpeningAndTamperDetection(CipherSuite suite) {
        SplittableRandom r = new SplittableRandom(SEED + suite.ordinal());
        BufferKind[] kinds = BufferKind.values();
        int[] flippedIn = new int[3]; // AAD, ciphertext, tag
        for (int i = 0; i < CASES_PER_SUITE; i++) {
            String what = suite + " case " + i + " (seed " + (SEED + suite.ordinal()) + ")";
            byte[] key = bytes(r, 32);
            byte[] nonce = bytes(r, 12);
            byte[] aad = bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(1, 64));
            byte[] pt = bytes(r, i < 20 ? i : r.nextInt(2001));
            int aadAt = r.nextInt(1, 40);
            int gap = r.nextInt(0, 8);
            BufferKind jdkKind = kinds[r.nextInt(kinds.length)];
            BufferKind bcKind = kinds[r.nextInt(kinds.length)];

            PacketCipher jdk = AeadImplementation.JDK.newCipher(suite, key);
            PacketCipher bc = AeadImplementation.BOUNCY_CASTLE.newCipher(suite, key);
            byte[] viaJdk = sealInBuffer(jdk, jdkKind, nonce, aad, pt, aadAt, gap);
            byte[] viaBc = sealInBuffer(bc, bcKind, nonce, aad, pt, aadAt, gap);
            assertThat(viaJdk).as(what + " JDK " + jdkKind + " vs BC " + bcKind).isEqualTo(viaBc);
            // a fresh object for the byte-array form (both libraries refuse to seal twice in a row with one nonce)
            PacketCipher bc2 = AeadImplementation.BOUNCY_CASTLE.newCipher(suite, key);
            assertThat(bc2.seal(nonce, aad, pt)).as(what).isEqualTo(viaJdk);
            bc2.destroy();

            assertThat(openInBuffer(bc, bcKind, nonce, aad, viaJdk, aadAt, gap)).as(what).isEqualTo(pt);
            assertThat(openInBuffer(jdk, jdkKind, nonce, aad, viaBc, aadAt, gap)).as(what).isEqualTo(pt);
            assertThat(jdk.open(nonce, aad, viaBc)).as(what).isEqualTo(pt);

            // one flipped bit in the AAD, the ciphertext or the tag: pick the region first so the tag is hit often
            byte[] aad2 = aad.clone();
            byte[] ct2 = viaJdk.clone();
            int region = r.nextInt(3);
            if (region == 0 && aad.length == 0 || region == 1 && pt.length == 0) {
                region = 2;
            }
            flippedIn[region]++;
            if (region == 0) {
                flip(aad2, r.nextInt(aad2.length * 8));
            } else if (region == 1) {
                flip(ct2, r.nextInt(pt.length * 8));
            } else {
                flip(ct2, pt.length * 8 + r.nextInt(128));
            }
            assertThat(openInBuffer(jdk, jdkKind, nonce, aad2, ct2, aadAt, gap)).as(what + " tampered, JDK").isNull();
            assertThat(openInBuffer(bc, bcKind, nonce, aad2, ct2, aadAt, gap)).as(what + " tampered, BC").isNull();
            assertThat(jdk.open(nonce, aad2, ct2)).as(what).isNull();
            assertThat(bc.open(nonce, aad2, ct2)).as(what).isNull();
            jdk.destroy();
            bc.destroy();
        }
        assertThat(flippedIn[0] + flippedIn[1] + flippedIn[2]).isEqualTo(CASES_PER_SUITE);
        assertThat(Arrays.stream(flippedIn).min().orElseThrow()).as("flips per region").isGreaterThan(50);
    }

    /** Seals {@code pt} inside a buffer laid out as junk(aadAt) || aad || junk(gap) || pt || tag || junk(3). */
    private static byte[] sealInBuffer(PacketCipher c, BufferKind kind, byte[] nonce, byte[] aad, byte[] pt, int aadAt,
            int gap) {
        int ptAt = aadAt + aad.length + gap;
        byte[] content = new byte[ptAt + pt.length + 16 + 3];
        Arrays.fill(content, (byte) 0x5A);
        System.arraycopy(aad, 0, content, aadAt, aad.length);
        System.arraycopy(pt, 0, content, ptAt, pt.length);
        ByteBuf b = kind.of(content);
        try {
            c.seal(nonce, b, aadAt, aad.length, ptAt, pt.length);
            assertThat(BufferKind.read(b, ptAt + pt.length + 16, 3)).containsOnly((byte) 0x5A);
            return BufferKind.read(b, ptAt, pt.length + 16);
        } finally {
            b.release();
        }
    }

    private static byte[] openInBuffer(PacketCipher c, BufferKind kind, byte[] nonce, byte[] aad, byte[] ct, int aadAt,
            int gap) {
        int ctAt = aadAt + aad.length + gap;
        byte[] content = new byte[ctAt + ct.length + 2];
        System.arraycopy(aad, 0, content, aadAt, aad.length);
        System.arraycopy(ct, 0, content, ctAt, ct.length);
        ByteBuf b = kind.of(content);
        try {
            int n = c.open(nonce, b, aadAt, aad.length, ctAt, ct.length);
            return n < 0 ? null : BufferKind.read(b, ctAt, n);
        } finally {
            b.release();
        }
    }

    private static void flip(byte[] a, int bit) {
        a[bit / 8] ^= (byte) (1 << (bit % 8));
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
