package io.jetstreamproto.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void parsesHostNamesIpv4AndBracketedIpv6() {
        InetSocketAddress v4 = Addresses.parse("127.0.0.1:4433");
        assertThat(v4.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(v4.getPort()).isEqualTo(4433);
        InetSocketAddress v6 = Addresses.parse("[::1]:5000");
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        InetSocketAddress name = Addresses.parse("localhost:1");
        assertThat(name.getHostString()).isEqualTo("localhost");
        assertThat(Addresses.serverName(v6)).startsWith("[").endsWith("]:5000"); // IPv6 literals stay bracketed
        assertThat(Addresses.serverName(name)).isEqualTo("localhost:1");
    }

    @Test
    void rejectsWhatIsNotAnAddressWithAClearMessage() {
        assertThatThrownBy(() -> Addresses.parse("")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Addresses.parse("::1:5000")).hasMessageContaining("[address]:port");
        assertThatThrownBy(() -> Addresses.parse("[::1]5000")).hasMessageContaining("[address]:port");
        assertThatThrownBy(() -> Addresses.parse("host:http")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Addresses.parse("host:0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Addresses.parse("host:65536")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Addresses.parse(":80")).isInstanceOf(IllegalArgumentException.class);
    }
}
