package io.jetstreamproto.crypto.aead;

import io.jetstreamproto.crypto.util.Secrets;
import io.netty.buffer.ByteBuf;

/** Argument checks and key ownership shared by the two implementations. */
abstract class AbstractPacketCipher implements PacketCipher {
    protected final CipherSuite suite;
    protected final byte[] key;
    private boolean destroyed;

    AbstractPacketCipher(CipherSuite suite, byte[] key) {
        this.suite = suite;
        this.key = key.clone();
    }

    @Override
    public final CipherSuite suite() {
        return suite;
    }

    protected final void check(byte[] nonce) {
        if (destroyed) {
            throw new IllegalStateException("cipher destroyed");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
    }

    protected static void checkRange(ByteBuf buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.capacity()) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside buffer of capacity "
                    + buf.capacity());
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        Secrets.wipe(key);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + suite.displayName() + ", key redacted]";
    }
}
