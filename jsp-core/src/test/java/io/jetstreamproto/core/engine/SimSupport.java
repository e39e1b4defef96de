package io.jetstreamproto.core.engine;

import io.jetstreamproto.core.endpoint.ServerConnection;
import io.jetstreamproto.core.sim.Simulation;
import io.jetstreamproto.core.stream.ReceivedMessage;
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
        ByteBuf b = Unpooled.buffer(size);
        b.writeInt(index);
        b.writeInt(size);
        Random r = new Random(index);
        for (int i = 8; i < size; i++) {
            b.writeByte(r.nextInt(256));
        }
        return b;
    }

    /** The index of a received message, after checking its content; -1 if corrupt. */
    static int check(ByteBuf data) {
        if (data.readableBytes() < 8) {
            return -1;
        }
        int index = data.getInt(data.readerIndex());
        int size = data.getInt(data.readerIndex() + 4);
        if (size != data.readableBytes()) {
            return -1;
        }
        Random r = new Random(index);
        for (int i = 8; i < size; i++) {
            if ((data.getByte(data.readerIndex() + i) & 0xFF) != r.nextInt(256)) {
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
    static ServerConnection open(Simulation sim, Simulation.Client c) {
        if (!sim.runUntil(() -> c.engine.state() == ConnectionEngine.State.OPEN, 30_000_000_000L)) {
            throw new AssertionError("handshake did not complete, seed " + sim.seed() + ": " + c.engine.closeInfo());
        }
        ServerConnection s = sim.serverSideOf(c);
        if (!sim.runUntil(() -> s.engine().state() == ConnectionEngine.State.OPEN, 30_000_000_000L)) {
            throw new AssertionError("server side did not open, seed " + sim.seed());
        }
        return s;
    }

}
