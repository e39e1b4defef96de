package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.CongestionControl;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The systems the harness knows, by name. The order is the order of the tables. {@link #jspSubstrates} is the list to
 * extend when JSP gains the TCP and QUIC substrates; {@link JspVariant} lists the configurations the lossy-link
 * matrix compares (each congestion controller JSP has, each FEC mode).
 */
public final class Systems {
    private Systems() {}

    /** The name of JSP over a substrate with default settings. */
    static String jspName(JspSystem.JspSubstrate substrate) {
        return "JSP/" + substrate.label;
    }

    /** JSP over every substrate it has (today UDP), default settings. */
    static List<Supplier<PeerSystem>> jspSubstrates() {
        List<Supplier<PeerSystem>> out = new ArrayList<>();
        for (JspSystem.JspSubstrate s : JspSystem.JspSubstrate.values()) {
            out.add(() -> new JspSystem(jspName(s), s, ConnectionConfig.defaults(), "default settings"));
        }
        return out;
    }

    /**
     * JSP with forward error correction on (adaptive parity), measured in the loss workloads only: the issue's
     * latency-under-loss target is with FEC on. When the automatic FEC mode exists, this becomes that mode.
     */
    static Supplier<PeerSystem> jspWithFec() {
        return () -> new JspSystem("JSP/UDP+FEC", JspSystem.JspSubstrate.UDP, JspVariant.FecMode.ADAPTIVE
                .apply(ConnectionConfig.builder()).build(), "FEC adaptive (10+2 at most)") {
            @Override
            public Set<Workload.Kind> supports() {
                return EnumSet.of(Workload.Kind.LOSS);
            }
        };
    }

    /** Every system of the peer harness, in table order. */
    static List<Supplier<PeerSystem>> all() {
        List<Supplier<PeerSystem>> out = new ArrayList<>(jspSubstrates());
        out.add(jspWithFec());
        out.add(() -> new NettyQuicSystem("Netty QUIC", QuicCongestionControlAlgorithm.CUBIC));
        out.add(() -> new TcpSystem("TLS/TCP JDK", TcpSystem.Security.JDK));
        out.add(() -> new TcpSystem("TLS/TCP BoringSSL", TcpSystem.Security.BORINGSSL));
        out.add(KcpSystem::new);
        out.add(AeronSystem::new);
        out.add(RawUdpSystem::new);
        out.add(() -> new TcpSystem("raw TCP", TcpSystem.Security.NONE));
        return out;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Supplier<PeerSystem> s : all()) {
            try (PeerSystem p = s.get()) {
                names.add(p.name());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return names;
    }

    /** A fresh instance of the system called {@code name} (the child server JVM builds its system this way). */
    static PeerSystem byName(String name) {
        for (Supplier<PeerSystem> s : all()) {
            PeerSystem p = s.get();
            if (p.name().equals(name)) {
                return p;
            }
            try {
                p.close();
            } catch (Exception e) {
                // an unused instance: nothing started
            }
        }
        for (JspVariant v : JspVariant.all()) {
            if (v.name().equals(name)) {
                return v.system();
            }
        }
        throw new IllegalArgumentException("unknown system " + name + "; known: " + names());
    }

    /**
     * A JSP configuration of the lossy-link matrix: a congestion controller and a FEC mode. Every value of
     * {@link CongestionControl} is included, so a controller added to the core (BBR) is measured without a change
     * here.
     */
    record JspVariant(CongestionControl cc, FecMode fec) {
        /**
         * How JSP's FEC is configured. ADD HERE: the automatic FEC mode of issue 16 when {@code ConnectionConfig}
         * has it (a value whose {@code apply} selects it), and make it the one {@link #jspWithFec} uses.
         */
        enum FecMode {
            OFF, FIXED, ADAPTIVE;

            ConnectionConfig.Builder apply(ConnectionConfig.Builder b) {
                return switch (this) {
                    case OFF -> b.fecEnabled(false);
                    case FIXED -> b.fecEnabled(true).fecAdaptive(false);
                    case ADAPTIVE -> b.fecEnabled(true).fecAdaptive(true);
                };
            }

            String label() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        String name() {
            return "JSP/UDP " + cc.name().replace("_", "") + " FEC " + fec.label();
        }

        PeerSystem system() {
            ConnectionConfig config = fec.apply(ConnectionConfig.builder().congestionControl(cc)).build();
            return new JspSystem(name(), JspSystem.JspSubstrate.UDP, config, cc + ", FEC " + fec.label(), 4096);
        }

        static List<JspVariant> all() {
            List<JspVariant> out = new ArrayList<>();
            for (CongestionControl cc : CongestionControl.values()) {
                for (FecMode f : FecMode.values()) {
                    out.add(new JspVariant(cc, f));
                }
            }
            return out;
        }
    }
}
