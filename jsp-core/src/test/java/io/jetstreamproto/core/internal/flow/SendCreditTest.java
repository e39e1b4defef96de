package io.jetstreamproto.core.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SendCreditTest {
    @Test
    void commitsUpToTheLimit() {
        SendCredit credit = new SendCredit(1000);
        assertThat(credit.canCommit(1000)).isTrue();
        credit.commit(600);
        assertThat(credit.available()).isEqualTo(400);
        assertThat(credit.canCommit(401)).isFalse();
        assertThatThrownBy(() -> credit.commit(401)).isInstanceOf(IllegalStateException.class);
        assertThat(credit.committed()).isEqualTo(600);
        assertThatThrownBy(() -> credit.canCommit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxDataOnlyGrows() {
        SendCredit credit = new SendCredit(1000);
        credit.onMaxData(900);
        assertThat(credit.limit()).isEqualTo(1000);
        credit.onMaxData(1500);
        assertThat(credit.limit()).isEqualTo(1500);
    }

    @Test
    void dataBlockedIsReportedOncePerLimitAndAgainAfterLoss() {
        SendCredit credit = new SendCredit(1000);
        assertThat(credit.pollDataBlocked()).isEqualTo(-1);
        credit.markBlocked();
        assertThat(credit.blocked()).isTrue();
        assertThat(credit.pollDataBlocked()).isEqualTo(1000);
        assertThat(credit.pollDataBlocked()).isEqualTo(-1);
        credit.onDataBlockedLost(999);
        assertThat(credit.pollDataBlocked()).isEqualTo(-1);
        credit.onDataBlockedLost(1000);
        assertThat(credit.pollDataBlocked()).isEqualTo(1000);
        credit.onMaxData(2000);
        assertThat(credit.blocked()).isFalse();
        assertThat(credit.pollDataBlocked()).isEqualTo(-1);
        credit.markBlocked();
        assertThat(credit.pollDataBlocked()).isEqualTo(2000);
    }

    @Test
    void rejectsANegativeInitialLimit() {
        assertThatThrownBy(() -> new SendCredit(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
