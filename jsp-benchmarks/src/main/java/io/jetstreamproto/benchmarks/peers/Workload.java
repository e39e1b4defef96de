package io.jetstreamproto.benchmarks.peers;

/**
 * One workload of the peer harness. {@link Kind#LOSS} workloads carry their random loss rate; the others have none.
 *
 * @param kind what is measured
 * @param name the stable name in the JSON ("bulk", "parallel-10", "rr-64B", "handshake", "idle", "loss-5%")
 * @param loss random loss per direction for {@link Kind#LOSS}, else 0
 */
public record Workload(Kind kind, String name, double loss) {

    /** What a workload measures. */
    public enum Kind {
        /** Goodput of one connection. */
        BULK,
        /** Ten connections at once: aggregate goodput and Jain's fairness index. */
        PARALLEL,
        /** 64-byte request/response latency, one request outstanding. */
        RR,
        /** Handshake latency (sequential) and handshakes per second per server core (server in a child JVM). */
        HANDSHAKE,
        /** Heap per idle connection (server in a child JVM, clients here). */
        IDLE,
        /** Goodput and one-way message latency through the impairment proxy with random loss. */
        LOSS
    }

    public static Workload bulk() {
        return new Workload(Kind.BULK, "bulk", 0);
    }

    public static Workload parallel(int connections) {
        return new Workload(Kind.PARALLEL, "parallel-" + connections, 0);
    }

    public static Workload rr(int size) {
        return new Workload(Kind.RR, "rr-" + size + "B", 0);
    }

    public static Workload handshake() {
        return new Workload(Kind.HANDSHAKE, "handshake", 0);
    }

    public static Workload idle() {
        return new Workload(Kind.IDLE, "idle", 0);
    }

    public static Workload loss(double loss) {
        String pct = loss * 100 == Math.rint(loss * 100) ? String.valueOf((int) Math.rint(loss * 100))
                : String.valueOf(loss * 100);
        return new Workload(Kind.LOSS, "loss-" + pct + "%", loss);
    }
}
