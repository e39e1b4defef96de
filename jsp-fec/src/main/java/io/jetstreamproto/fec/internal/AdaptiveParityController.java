package io.jetstreamproto.fec.internal;

/**
 * Chooses the number of parity shards m for groups of k data packets from the observed packet-loss rate, so that
 * a target fraction of lost data packets is recovered by FEC rather than by retransmission.
 *
 * <p>Model: every packet of a group (data and parity) is lost independently with probability p. A group of
 * {@code n = k + m} packets recovers all its lost data packets iff at most m of its n packets are lost, and none
 * otherwise. {@link #expectedRecoveredFraction} gives the expected fraction of lost data packets recovered; the
 * controller picks the smallest m in {@code [0, maxParityShards]} whose fraction reaches the target (default
 * 99%), or {@code maxParityShards} if none does, and m = 0 while the measured loss is below the enable threshold
 * (default 0.1%).
 *
 * <p>The real bound of the fixed 10 + 2 configuration is therefore at most 2 losses in each group of 12 packets
 * (16.7%), not "20% loss"; at 5% independent loss it recovers about 89.8% of lost data packets, and a burst of 3
 * consecutive losses inside one group is not recoverable at all. Losses are rarely independent; the controller
 * only corrects for the rate.
 *
 * <p>Estimate: an exponentially weighted moving average over roughly the last {@code windowPackets} packets
 * (each packet's weight decays by {@code 1 - 1/windowPackets} per later packet), weighted by packet counts so
 * that small samples move it little. Because the estimate has sampling error, m is planned for the upper end of
 * its confidence range, {@code p + 2 * sqrt(p (1 - p) / n)} with n the weighted packet count; otherwise a low
 * estimate would pick an m that misses the target at the true rate about half the time.
 *
 * <p>Feed it the loss of the raw channel (packets lost before FEC repair, for example counted by the receiver's
 * decoder or reported in acknowledgements), not the residual loss after repair: with the residual, FEC would
 * hide the loss it corrects and the controller would turn itself down. Not thread-safe.
 */
public final class AdaptiveParityController {

    /** Default target: recover at least 99% of lost data packets. */
    public static final double DEFAULT_TARGET_RECOVERED_FRACTION = 0.99;
    /** Default enable threshold: no parity while measured loss is below 0.1%. */
    public static final double DEFAULT_ENABLE_THRESHOLD = 0.001;
    /** Default averaging window in packets. */
    public static final int DEFAULT_WINDOW_PACKETS = 1000;
    /** Standard deviations added to the estimate when planning (about 97.7% one-sided confidence). */
    static final double CONFIDENCE_Z = 2.0;

    private final int dataShards;
    private final int maxParityShards;
    private final double targetRecoveredFraction;
    private final double enableThreshold;
    private final double decayPerPacket;

    private double sentWeight;
    private double lostWeight;
    private int parityShards;

    /**
     * Creates a controller with the default target (99%), enable threshold (0.1%) and window (1000 packets).
     *
     * @param dataShards k, 1..255
     * @param maxParityShards the largest m it may choose, 0..256 - k
     */
    public AdaptiveParityController(int dataShards, int maxParityShards) {
        this(dataShards, maxParityShards, DEFAULT_TARGET_RECOVERED_FRACTION, DEFAULT_ENABLE_THRESHOLD,
                DEFAULT_WINDOW_PACKETS);
    }

    /**
     * Creates a controller.
     *
     * @param dataShards k, 1..255
     * @param maxParityShards the largest m it may choose, 0..256 - k
     * @param targetRecoveredFraction fraction of lost data packets to recover, in (0, 1)
     * @param enableThreshold loss rate below which m is 0, in [0, 1)
     * @param windowPackets averaging window in packets, at least 1
     */
    public AdaptiveParityController(int dataShards, int maxParityShards, double targetRecoveredFraction,
            double enableThreshold, int windowPackets) {
        if (dataShards < 1 || dataShards >= ErasureCode.MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("dataShards must be in 1..255: " + dataShards);
        }
        if (maxParityShards < 0 || maxParityShards > ErasureCode.MAX_TOTAL_SHARDS - dataShards) {
            throw new IllegalArgumentException("maxParityShards must be in 0.." + (ErasureCode.MAX_TOTAL_SHARDS - dataShards)
                    + ": " + maxParityShards);
        }
        if (!(targetRecoveredFraction > 0 && targetRecoveredFraction < 1)) {
            throw new IllegalArgumentException("targetRecoveredFraction must be in (0, 1): " + targetRecoveredFraction);
        }
        if (!(enableThreshold >= 0 && enableThreshold < 1)) {
            throw new IllegalArgumentException("enableThreshold must be in [0, 1): " + enableThreshold);
        }
        if (windowPackets < 1) {
            throw new IllegalArgumentException("windowPackets must be >= 1: " + windowPackets);
        }
        this.dataShards = dataShards;
        this.maxParityShards = maxParityShards;
        this.targetRecoveredFraction = targetRecoveredFraction;
        this.enableThreshold = enableThreshold;
        this.decayPerPacket = 1.0 - 1.0 / windowPackets;
    }

    /**
     * Adds a loss observation and updates the recommended m.
     *
     * @param packetsSent packets sent in the sample period, >= 0 (a sample of 0 packets is ignored)
     * @param packetsLost of those, packets lost, 0..packetsSent
     * @throws IllegalArgumentException if the counts are negative or {@code packetsLost > packetsSent}
     */
    public void onLossSample(long packetsSent, long packetsLost) {
        if (packetsSent < 0 || packetsLost < 0 || packetsLost > packetsSent) {
            throw new IllegalArgumentException("need 0 <= packetsLost <= packetsSent: sent " + packetsSent
                    + ", lost " + packetsLost);
        }
        if (packetsSent == 0) {
            return;
        }
        // Decaying both sums by the same per-packet factor keeps their ratio a packet-weighted average.
        double decay = Math.pow(decayPerPacket, (double) packetsSent);
        sentWeight = sentWeight * decay + packetsSent;
        lostWeight = lostWeight * decay + packetsLost;
        parityShards = choose();
    }

    /**
     * The current loss-rate estimate.
     *
     * @return the estimate in [0, 1], 0 before the first sample
     */
    public double lossRateEstimate() {
        return sentWeight == 0 ? 0.0 : Math.min(1.0, lostWeight / sentWeight);
    }

    /**
     * The loss rate m is planned for: the estimate plus two standard errors.
     *
     * @return the planning rate in [0, 1]
     */
    public double planningLossRate() {
        double p = lossRateEstimate();
        if (sentWeight == 0) {
            return 0.0;
        }
        return Math.min(1.0, p + CONFIDENCE_Z * Math.sqrt(p * (1 - p) / sentWeight));
    }

    /**
     * The recommended m for the next groups; pass it to {@link FecEncoder#setParityShards}.
     *
     * @return m in [0, maxParityShards], 0 before the first sample or while the loss is below the threshold
     */
    public int parityShards() {
        return parityShards;
    }

    private int choose() {
        if (lossRateEstimate() < enableThreshold) {
            return 0;
        }
        return parityShardsFor(dataShards, maxParityShards, planningLossRate(), targetRecoveredFraction);
    }

    /**
     * The smallest m in {@code [0, maxParityShards]} for which {@link #expectedRecoveredFraction} reaches
     * {@code targetRecoveredFraction} at {@code lossRate}, or {@code maxParityShards} if none does.
     *
     * @param dataShards k, at least 1
     * @param maxParityShards the largest m allowed, at least 0
     * @param lossRate p in [0, 1]
     * @param targetRecoveredFraction the target in (0, 1]
     * @return m
     */
    public static int parityShardsFor(int dataShards, int maxParityShards, double lossRate,
            double targetRecoveredFraction) {
        if (maxParityShards < 0) {
            throw new IllegalArgumentException("maxParityShards must be >= 0: " + maxParityShards);
        }
        if (!(targetRecoveredFraction > 0 && targetRecoveredFraction <= 1)) {
            throw new IllegalArgumentException("targetRecoveredFraction must be in (0, 1]: " + targetRecoveredFraction);
        }
        for (int m = 0; m <= maxParityShards; m++) {
            if (expectedRecoveredFraction(dataShards, m, lossRate) >= targetRecoveredFraction) {
                return m;
            }
        }
        return maxParityShards;
    }

    /**
     * Expected fraction of lost data packets that a (k, m) group recovers under independent loss p.
     *
     * <p>With {@code n = k + m} and {@code P(L) = C(n, L) p^L (1 - p)^(n - L)} the probability of L losses in a
     * group, all data losses are recovered iff {@code L <= m}, and a group with L losses loses {@code L k / n}
     * data packets on average, so
     * <pre>
     * fraction = [ sum_{L=1..m} P(L) * L * k / n ] / (k * p)
     * </pre>
     * Since {@code L C(n, L) = n C(n - 1, L - 1)} this equals {@code P[Binomial(n - 1, p) <= m - 1]}: a lost data
     * packet is recovered iff at most m - 1 of the other n - 1 packets are lost. That form is what is computed,
     * in log space so that it stays accurate for n up to 256 and p close to 1. Example: k = 10, m = 2,
     * p = 0.05 gives 0.898.
     *
     * @param dataShards k, at least 1
     * @param parityShards m, at least 0
     * @param lossRate p in [0, 1]
     * @return the fraction in [0, 1]; 1 when p = 0 (nothing is lost), 0 when m = 0 and p > 0
     */
    public static double expectedRecoveredFraction(int dataShards, int parityShards, double lossRate) {
        if (dataShards < 1) {
            throw new IllegalArgumentException("dataShards must be >= 1: " + dataShards);
        }
        if (parityShards < 0) {
            throw new IllegalArgumentException("parityShards must be >= 0: " + parityShards);
        }
        if (!(lossRate >= 0 && lossRate <= 1)) {
            throw new IllegalArgumentException("lossRate must be in [0, 1]: " + lossRate);
        }
        if (lossRate == 0) {
            return 1.0;
        }
        if (parityShards == 0 || lossRate == 1) {
            return 0.0;
        }
        int others = dataShards + parityShards - 1;
        double logP = Math.log(lossRate);
        double logQ = Math.log1p(-lossRate);
        double logChoose = 0; // log C(others, j)
        double sum = 0;
        for (int j = 0; j < parityShards; j++) {
            if (j > 0) {
                logChoose += Math.log(others - j + 1) - Math.log(j);
            }
            sum += Math.exp(logChoose + j * logP + (others - j) * logQ);
        }
        return Math.min(1.0, sum);
    }
}
