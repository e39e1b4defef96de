package io.jetstreamproto.benchmarks.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark server of one system in a JVM of its own, so that its CPU time and heap can be read apart from the
 * clients'. The parent ({@link Remote}) talks to it over stdin/stdout, one line each way: it prints
 * {@code READY <port>}, then answers {@code CPU} with {@code CPU <process cpu ns>}, {@code HEAP} with
 * {@code HEAP <used heap bytes after GC>}, and exits on {@code QUIT} or end of input.
 */
public final class ServerChild {
    private ServerChild() {}

    public static void main(String[] args) throws Exception {
        PeerSystem system = Systems.byName(args[0]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // libraries that print must not disturb the protocol
        try (PeerServer server = system.startServer(ServerMode.valueOf(args[1]), 1024)) {
            out.println("READY " + server.address().getPort());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.trim()) {
                    case "CPU" -> out.println("CPU " + processCpuNanos());
                    case "HEAP" -> out.println("HEAP " + usedHeapAfterGc());
                    case "QUIT" -> {
                        return;
                    }
                    default -> out.println("ERROR unknown command " + line);
                }
            }
        } finally {
            system.close();
            System.exit(0); // non-daemon threads of a peer must not keep the child alive
        }
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Used heap after several full collections (System.gc() until the reading settles). */
    static long usedHeapAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            System.gc();
            Thread.sleep(100);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(last - used) < 256 * 1024) {
                return Math.min(last, used);
            }
            last = used;
        }
        return last;
    }

    /** The parent's handle on a child server. */
    static final class Remote implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final PrintStream ctl;
        private final int port;

        private Remote(Process process, BufferedReader in, PrintStream ctl, int port) {
            this.process = process;
            this.in = in;
            this.ctl = ctl;
            this.port = port;
        }

        /** Starts a child JVM (same java, class path and JVM options as this one) serving {@code system}. */
        static Remote start(String system, ServerMode mode, String heap) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.add("-Xmx" + heap);
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("--add-opens") || arg.startsWith("-Dio.netty") || arg.startsWith("-Djsp")) {
                    cmd.add(arg);
                }
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ServerChild.class.getName());
            cmd.add(system);
            cmd.add(mode.name());
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            PrintStream ctl = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
            String first = in.readLine();
            if (first == null || !first.startsWith("READY ")) {
                p.destroyForcibly();
                throw new IOException("server child for " + system + " did not start: " + first);
            }
            return new Remote(p, in, ctl, Integer.parseInt(first.substring(6).trim()));
        }

        int port() {
            return port;
        }

        long cpuNanos() throws IOException {
            return ask("CPU");
        }

        long heapAfterGc() throws IOException {
            return ask("HEAP");
        }

        private long ask(String command) throws IOException {
            ctl.println(command);
            String answer = in.readLine();
            if (answer == null || !answer.startsWith(command + " ")) {
                throw new IOException("server child answered " + answer + " to " + command);
            }
            return Long.parseLong(answer.substring(command.length() + 1).trim());
        }

        @Override
        public void close() throws InterruptedException {
            ctl.println("QUIT");
            ctl.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
