package io.jetstreamproto.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SR-44: the JDK and Bouncy Castle AEADs give identical bytes, in place, on heap and direct buffers. */
class AeadDifferentialTest {

    @Test
    void identicalOutputAndCrossOpeningOnRandomInputs() {
        Random r = new Random(44);
        for (CipherSuite suite : CipherSuite.values()) {
            for (int i = 0; i < 400; i++) {
                byte[] key = bytes(r, 32);
                byte[] nonce = bytes(r, 12);
                int aadLen = r.nextInt(40);
                int ptLen = r.nextInt(2001);
                int offset = r.nextInt(30);
                boolean direct = r.nextBoolean();
                byte[] aad = bytes(r, aadLen);
                byte[] pt = bytes(r, ptLen);
                PacketCipher jdk = AeadImplementation.JDK.newCipher(suite, key);
                PacketCipher bc = AeadImplementation.BOUNCY_CASTLE.newCipher(suite, key);
                byte[] viaJdk = sealInBuffer(jdk, nonce, aad, pt, offset, direct);
                byte[] viaBc = sealInBuffer(bc, nonce, aad, pt, offset, !direct);
                String what = suite + " case " + i + " seed 44";
                // a fresh cipher: the JDK (rightly) refuses to encrypt twice with one key and nonce
                PacketCipher jdk2 = AeadImplementation.JDK.newCipher(suite, key);
                assertThat(viaJdk).as(what).isEqualTo(viaBc).isEqualTo(jdk2.seal(nonce, aad, pt));
                jdk2.destroy();
                assertThat(openInBuffer(bc, nonce, aad, viaJdk, offset, direct)).as(what).isEqualTo(pt);
                assertThat(openInBuffer(jdk, nonce, aad, viaBc, offset, !direct)).as(what).isEqualTo(pt);
                // any flipped bit in AAD, ciphertext or tag fails in both
                int total = aadLen + viaJdk.length;
                int bit = r.nextInt(total * 8);
                byte[] aad2 = aad.clone();
                byte[] ct2 = viaJdk.clone();
                if (bit / 8 < aadLen) {
                    aad2[bit / 8] ^= (byte) (1 << (bit % 8));
                } else {
                    ct2[bit / 8 - aadLen] ^= (byte) (1 << (bit % 8));
                }
                assertThat(openInBuffer(jdk, nonce, aad2, ct2, offset, direct)).as(what).isNull();
                assertThat(openInBuffer(bc, nonce, aad2, ct2, offset, !direct)).as(what).isNull();
                jdk.destroy();
                bc.destroy();
            }
        }
    }

    @Test
    void misuseIsRejected() {
        PacketCipher c = AeadImplementation.JDK.newCipher(CipherSuite.AES_256_GCM_SHA256, new byte[32]);
        assertThatThrownBy(() -> c.seal(new byte[8], new byte[0], new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.open(new byte[12], new byte[0], new byte[15])).isNull();
        ByteBuf b = Unpooled.buffer(64).writeZero(10);
        try {
            assertThat(c.open(new byte[12], b, 0, 0, 0, 10)).isEqualTo(-1);
        } finally {
            b.release();
        }
        c.destroy();
        assertThatThrownBy(() -> c.seal(new byte[12], new byte[0], new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThat(c.toString()).contains("redacted");
        assertThatThrownBy(() -> AeadImplementation.JDK.newCipher(CipherSuite.AES_256_GCM_SHA256, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] sealInBuffer(PacketCipher c, byte[] nonce, byte[] aad, byte[] pt, int offset, boolean direct) {
        ByteBuf b = direct ? PooledByteBufAllocator.DEFAULT.directBuffer() : Unpooled.buffer();
        try {
            b.writeZero(offset);
            b.writeBytes(aad);
            b.writeBytes(pt);
            b.writeZero(16);
            c.seal(nonce, b, offset, aad.length, offset + aad.length, pt.length);
            byte[] out = new byte[pt.length + 16];
            b.getBytes(offset + aad.length, out);
            return out;
        } finally {
            b.release();
        }
    }

    private static byte[] openInBuffer(PacketCipher c, byte[] nonce, byte[] aad, byte[] ct, int offset, boolean direct) {
        ByteBuf b = direct ? PooledByteBufAllocator.DEFAULT.directBuffer() : Unpooled.buffer();
        try {
            b.writeZero(offset);
            b.writeBytes(aad);
            b.writeBytes(ct);
            int n = c.open(nonce, b, offset, aad.length, offset + aad.length, ct.length);
            if (n < 0) {
                return null;
            }
            byte[] out = new byte[n];
            b.getBytes(offset + aad.length, out);
            return out;
        } finally {
            b.release();
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
