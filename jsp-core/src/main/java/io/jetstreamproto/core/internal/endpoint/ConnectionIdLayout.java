package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.crypto.internal.packet.CompactHeader;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * How an endpoint lays out the connection ids it issues, so that a datagram can be routed to the right server and
 * event loop from its destination connection id alone (docs/PROTOCOL.md §3.7, in the spirit of QUIC-LB):
 *
 * <pre>
 * octet 0            config (bits 7-5, always 0 here; 7 is reserved for "not routable") | 5 random bits
 * octets 1 .. L      server id (L = serverId.length, 0..4 bytes; 0 by default)
 * octet L + 1        worker: the index of the event loop that owns the connection
 * octets L + 2 .. 7  random
 * </pre>
 *
 * Ids are {@link ConnectionId#LENGTH} (8) bytes. Everything after the worker octet is random, so that ids of one
 * worker are unlinkable to each other; the server id and worker octets are the same for every connection of that
 * worker, which is what a load balancer needs and all an observer learns.
 */
public final class ConnectionIdLayout {
    /** Longest server id that still leaves 16 random bits in the 4-byte prefix compact headers route by. */
    public static final int MAX_SERVER_ID_LENGTH = 1;

    private final byte[] serverId;
    private final int workers;
    private final int worker;

    /**
     * @param serverId identifies this server to a load balancer (at most {@link #MAX_SERVER_ID_LENGTH} bytes)
     * @param workers  how many workers (event loops) share the server's port
     * @param worker   which of them issues ids with this layout
     */
    public ConnectionIdLayout(byte[] serverId, int workers, int worker) {
        if (serverId.length > MAX_SERVER_ID_LENGTH) {
            throw new IllegalArgumentException("server id longer than " + MAX_SERVER_ID_LENGTH + " byte(s)");
        }
        if (workers < 1 || workers > 256 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " of " + workers);
        }
        this.serverId = serverId.clone();
        this.workers = workers;
        this.worker = worker;
    }

    /** One worker, no server id. */
    public static ConnectionIdLayout single() {
        return new ConnectionIdLayout(new byte[0], 1, 0);
    }

    /** The same layout for another worker. */
    public ConnectionIdLayout forWorker(int index) {
        return new ConnectionIdLayout(serverId, workers, index);
    }

    public int workers() {
        return workers;
    }

    public int worker() {
        return worker;
    }

    /** A fresh id of this worker (the caller checks uniqueness). */
    public ConnectionId next(RandomSource random) {
        byte[] b = new byte[ConnectionId.LENGTH];
        random.nextBytes(b);
        b[0] &= 0x1F; // config 0
        System.arraycopy(serverId, 0, b, 1, serverId.length);
        b[1 + serverId.length] = (byte) worker;
        return ConnectionId.of(b);
    }

    /**
     * The worker a datagram's destination connection id names, or -1 when it names none of ours (for example the
     * random id of a client's first Initial, or garbage). Reads the header without consuming or allocating.
     */
    public int workerOf(ByteBuf datagram) {
        int idx = datagram.readerIndex();
        int readable = datagram.readableBytes();
        if (readable < 1) {
            return -1;
        }
        int first = datagram.getUnsignedByte(idx);
        int cidStart;
        int cidLength;
        if ((first & PacketCodec.FORM_BIT) != 0) {
            if (readable < 6) {
                return -1;
            }
            cidLength = datagram.getUnsignedByte(idx + 5);
            cidStart = idx + 6;
        } else if (CompactHeader.isCompact(datagram)) {
            if (CompactHeader.peekCidPrefix(datagram) < 0) {
                return -1;
            }
            cidStart = idx + 1;
            cidLength = CompactHeader.CID_PREFIX_LENGTH;
        } else {
            cidStart = idx + 1;
            cidLength = ConnectionId.LENGTH;
        }
        int workerOffset = 1 + serverId.length;
        if (cidLength <= workerOffset || cidStart + workerOffset >= idx + readable) {
            return -1;
        }
        if ((datagram.getUnsignedByte(cidStart) & 0xE0) != 0) {
            return -1; // not config 0: not an id of this layout
        }
        for (int i = 0; i < serverId.length; i++) {
            if (datagram.getByte(cidStart + 1 + i) != serverId[i]) {
                return -1;
            }
        }
        int w = datagram.getUnsignedByte(cidStart + workerOffset);
        return w < workers ? w : -1;
    }

    @Override
    public String toString() {
        return "ConnectionIdLayout[serverId=" + Arrays.toString(serverId) + ", worker " + worker + " of " + workers
                + "]";
    }
}
