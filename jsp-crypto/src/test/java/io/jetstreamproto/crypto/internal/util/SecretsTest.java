package io.jetstreamproto.crypto.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void wipesEveryArray() {
        byte[] a = {1, 2, 3};
        byte[] b = {(byte) 0xFF};
        byte[] empty = new byte[0];
        Secrets.wipe(a, b, empty);
        assertThat(a).containsOnly((byte) 0);
        assertThat(b).containsOnly((byte) 0);
    }

    @Test
    void isNullSafe() {
        byte[] a = {1};
        Secrets.wipe(null, a, null);
        assertThat(a).containsOnly((byte) 0);
        assertThatCode(() -> Secrets.wipe((byte[]) null)).doesNotThrowAnyException();
        assertThatCode(() -> Secrets.wipe((byte[][]) null)).doesNotThrowAnyException();
        assertThatCode(Secrets::wipe).doesNotThrowAnyException();
    }
}
