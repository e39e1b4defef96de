package io.jetstreamproto.crypto.internal.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void edgeOfTheWindowIsExactlyAsDocumented() { // SR-18, docs/PROTOCOL.md §7.2
        for (int w : new int[] {ReplayWindow.DEFAULT_SIZE, ReplayWindow.MIN_SIZE, 5000}) {
            ReplayWindow win = new ReplayWindow(w);
            long h = 100_000;
            win.mark(h);
            assertThat(win.check(h - (w - 1))).as("W=%d", w).isEqualTo(ReplayWindow.Verdict.IN_WINDOW);
            win.mark(h - (w - 1));
            assertThat(win.check(h - (w - 1))).isEqualTo(ReplayWindow.Verdict.DUPLICATE);
            assertThat(win.check(h - w)).as("W=%d", w).isEqualTo(ReplayWindow.Verdict.TOO_OLD);
            assertThat(win.check(h)).isEqualTo(ReplayWindow.Verdict.DUPLICATE);
            assertThat(win.check(h + 1)).isEqualTo(ReplayWindow.Verdict.NEW);
        }
    }

    @Test
    void checkNeverChangesState() {
        ReplayWindow win = new ReplayWindow(1024);
        win.mark(5);
        assertThat(win.check(1L << 40)).isEqualTo(ReplayWindow.Verdict.NEW);
        assertThat(win.highest()).isEqualTo(5); // a huge number that was only checked did not move the window
        assertThat(win.check(4)).isEqualTo(ReplayWindow.Verdict.IN_WINDOW);
    }

    @Test
    void markingAReplayIsAProgrammingError() {
        ReplayWindow win = new ReplayWindow(1024);
        win.mark(10);
        assertThatThrownBy(() -> win.mark(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsTooSmallWindows() {
        assertThatThrownBy(() -> new ReplayWindow(1023)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024");
    }

    @Test
    void agreesWithABitSetOracleUnderRandomTraffic() {
        for (long seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            int w = 1024 + r.nextInt(8000);
            ReplayWindow win = new ReplayWindow(w);
            BitSet seen = new BitSet();
            long highest = -1;
            for (int i = 0; i < 20_000; i++) {
                long pn;
                int kind = r.nextInt(10);
                if (kind < 6) {
                    pn = Math.max(0, highest + 1 + r.nextInt(3)); // mostly in order
                } else if (kind < 9) {
                    pn = Math.max(0, highest - r.nextInt(w + 200)); // reordered or replayed or too old
                } else {
                    pn = Math.max(0, highest + r.nextInt(3 * w)); // jump
                }
                ReplayWindow.Verdict expected;
                if (pn > highest) {
                    expected = ReplayWindow.Verdict.NEW;
                } else if (highest - pn >= w) {
                    expected = ReplayWindow.Verdict.TOO_OLD;
                } else {
                    expected = seen.get((int) pn) ? ReplayWindow.Verdict.DUPLICATE : ReplayWindow.Verdict.IN_WINDOW;
                }
                assertThat(win.check(pn)).as("seed %d step %d pn %d", seed, i, pn).isEqualTo(expected);
                if (expected == ReplayWindow.Verdict.NEW || expected == ReplayWindow.Verdict.IN_WINDOW) {
                    win.mark(pn);
                    seen.set((int) pn);
                    highest = Math.max(highest, pn);
                }
            }
        }
    }

    @Test
    void growsWithThePacketNumbersAndStaysExact() {
        Random r = new Random(7);
        ReplayWindow win = new ReplayWindow(ReplayWindow.DEFAULT_SIZE);
        assertThat(win.ringBlocks()).isEqualTo(2); // an idle connection's window: 16 bytes of bits
        BitSet seen = new BitSet();
        long highest = -1;
        java.util.Set<Integer> sizes = new java.util.TreeSet<>();
        for (int i = 0; i < 30_000; i++) {
            long pn = r.nextInt(4) > 0 ? highest + 1 : Math.max(0, highest - r.nextInt(400)); // slow, reordered
            ReplayWindow.Verdict expected = pn > highest ? ReplayWindow.Verdict.NEW
                    : highest - pn >= ReplayWindow.DEFAULT_SIZE ? ReplayWindow.Verdict.TOO_OLD
                    : seen.get((int) pn) ? ReplayWindow.Verdict.DUPLICATE : ReplayWindow.Verdict.IN_WINDOW;
            assertThat(win.check(pn)).as("step %d pn %d", i, pn).isEqualTo(expected);
            if (expected == ReplayWindow.Verdict.NEW || expected == ReplayWindow.Verdict.IN_WINDOW) {
                win.mark(pn);
                seen.set((int) pn);
                highest = Math.max(highest, pn);
            }
            sizes.add(win.ringBlocks());
            assertThat(win.ringBlocks()).isLessThanOrEqualTo((int) Math.max(2, 2 * (highest / 64 + 1)));
        }
        assertThat(sizes).containsExactly(2, 4, 8, 16, 32, 64, 128);
    }
}
