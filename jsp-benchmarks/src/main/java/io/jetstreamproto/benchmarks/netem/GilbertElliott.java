package io.jetstreamproto.benchmarks.netem;

/**
 * Gilbert-Elliott burst loss: a two-state Markov chain evaluated once per datagram. In the good state a datagram is
 * lost with {@code lossGood}, in the bad state with {@code lossBad}; before each datagram the chain moves from good to
 * bad with probability {@code enterBad} and from bad to good with {@code leaveBad}. Mean burst length is
 * 1 / leaveBad datagrams; the stationary share of the bad state is enterBad / (enterBad + leaveBad).
 */
public record GilbertElliott(double enterBad, double leaveBad, double lossGood, double lossBad) {

    public GilbertElliott {
        for (double p : new double[] {enterBad, leaveBad, lossGood, lossBad}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("probabilities must be in [0, 1]");
            }
        }
    }

    /** The burst model of issue 16: 5 % chance of entering the bad state, 30 % of leaving it, all lost in it. */
    public static GilbertElliott issue16() {
        return new GilbertElliott(0.05, 0.30, 0, 1);
    }

    /** Long-run loss rate of the chain. */
    public double meanLoss() {
        double bad = enterBad / Math.max(1e-12, enterBad + leaveBad);
        return bad * lossBad + (1 - bad) * lossGood;
    }

    @Override
    public String toString() {
        return "Gilbert-Elliott p=" + enterBad + " r=" + leaveBad + " (mean loss "
                + Math.round(meanLoss() * 1000) / 10.0 + " %)";
    }
}
