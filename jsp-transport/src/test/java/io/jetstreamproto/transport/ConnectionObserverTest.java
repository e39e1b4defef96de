package io.jetstreamproto.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A close phrase comes from the peer: it reaches the log on one line. */
class ConnectionObserverTest {

    @Test
    void controlCharactersOfAPhraseAreEscaped() {
        assertThat(ConnectionObserver.printable("bye\n2026-01-01 INFO forged\r\u0000"))
                .isEqualTo("bye\\u000a2026-01-01 INFO forged\\u000d\\u0000");
    }

    @Test
    void anOrdinaryPhraseIsUnchanged() {
        String phrase = "server shutting down (über)";
        assertThat(ConnectionObserver.printable(phrase)).isSameAs(phrase);
    }
}
