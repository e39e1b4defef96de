package io.jetstreamproto.core.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import org.junit.jupiter.api.Test;

class ReceiveWindowTest {
    @Test
    void dataBeyondTheLimitIsAFlowControlError() {
        ReceiveWindow window = new ReceiveWindow(1000);
        window.onDataReceived(999);
        window.onDataReceived(1);
        assertThatThrownBy(() -> window.onDataReceived(1)).isInstanceOfSatisfying(ProtocolViolationException.class,
                e -> assertThat(e.error()).isEqualTo(ProtocolError.FLOW_CONTROL_ERROR));
        assertThat(window.received()).as("nothing recorded on violation").isEqualTo(1000);
    }

    @Test
    void theLimitSlidesOnceHalfAWindowIsConsumed() {
        ReceiveWindow window = new ReceiveWindow(1000);
        window.onDataReceived(800);
        window.onConsumed(499);
        assertThat(window.pollWindowUpdate()).isEqualTo(-1);
        window.onConsumed(1);
        assertThat(window.pollWindowUpdate()).isEqualTo(1500);
        assertThat(window.pollWindowUpdate()).isEqualTo(-1);
        assertThat(window.maxData()).isEqualTo(1500);
        window.onDataReceived(700);
    }

    @Test
    void aBlockedPeerGetsWhateverCreditThereIs() {
        ReceiveWindow window = new ReceiveWindow(1000);
        window.onDataReceived(1000);
        window.onConsumed(10);
        window.onDataBlocked(900); // stale
        assertThat(window.pollWindowUpdate()).isEqualTo(-1);
        window.onDataBlocked(1000);
        assertThat(window.pollWindowUpdate()).isEqualTo(1010);
        assertThat(window.pollWindowUpdate()).isEqualTo(-1);
    }

    @Test
    void consumingMoreThanReceivedIsABookkeepingError() {
        ReceiveWindow window = new ReceiveWindow(FlowControlDefaults.INITIAL_MAX_DATA);
        window.onDataReceived(10);
        assertThatThrownBy(() -> window.onConsumed(11)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> window.onDataReceived(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiveWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreTheTransportParameterDefaults() {
        assertThat(FlowControlDefaults.INITIAL_MAX_DATA).isEqualTo(32L << 20);
        assertThat(FlowControlDefaults.INITIAL_MAX_STREAM_DATA).isEqualTo(16L << 20);
    }
}
