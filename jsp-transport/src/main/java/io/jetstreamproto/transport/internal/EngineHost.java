package io.jetstreamproto.transport.internal;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** Where an {@link EngineBackend}'s engine lives: the loop, and who transmits its output and runs its timer. */
public interface EngineHost {
    EventLoop loop();

    /** The engine of {@code backend} changed (an application call): send its output, re-arm, deliver its events. */
    void kick(EngineBackend backend);

    InetSocketAddress localAddress();
}
