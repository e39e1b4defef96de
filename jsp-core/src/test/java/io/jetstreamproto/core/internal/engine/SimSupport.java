package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.Simulation;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers for engine simulations: message payloads that identify themselves, collecting received messages. */
final class SimSupport {
    private SimSupport() {}

    /** Message {@code index} of {@code size} ≥ 8 bytes: the index, then bytes derived from it. */
    static ByteBuf message(int index, int size) {
        // Built in an array: with paranoid leak detection every ByteBuf access is recorded, so go byte-wise on arrays.
        byte[] a = new byte[size];
        java.nio.ByteBuffer.wrap(a).putInt(index).putInt(size);
        Random r = new Random(index);
        for (int i = 8; i < size; i++) {
            a[i] = (byte) r.nextInt(256);
        }
        return Unpooled.wrappedBuffer(a);
    }

    /** The index of a received message, after checking its content; -1 if corrupt. */
    static int check(ByteBuf data) {
        if (data.readableBytes() < 8) {
            return -1;
        }
        byte[] a = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), a);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(a);
        int index = bb.getInt();
        int size = bb.getInt();
        if (size != a.length) {
            return -1;
        }
        Random r = new Random(index);
        for (int i = 8; i < size; i++) {
            if ((a[i] & 0xFF) != r.nextInt(256)) {
                return -1;
            }
        }
        return index;
    }

    /** Drains a client engine's messages into {@code out} (indices), releasing the data. */
    static void drain(ConnectionEngine e, List<Integer> out) {
        for (ReceivedMessage m = e.pollMessage(); m != null; m = e.pollMessage()) {
            out.add(check(m.data()));
            m.data().release();
        }
    }

    static List<Integer> newList() {
        return new ArrayList<>();
    }

    /** Opens both ends. */
    static EndpointConnection open(Simulation sim, Simulation.Client c) {
        if (!sim.runUntil(() -> c.engine.state() == ConnectionEngine.State.OPEN, 30_000_000_000L)) {
            throw new AssertionError("handshake did not complete, seed " + sim.seed() + ": " + c.engine.closeInfo());
        }
        EndpointConnection s = sim.serverSideOf(c);
        if (!sim.runUntil(() -> s.engine().state() == ConnectionEngine.State.OPEN, 30_000_000_000L)) {
            throw new AssertionError("server side did not open, seed " + sim.seed());
        }
        return s;
    }

}
