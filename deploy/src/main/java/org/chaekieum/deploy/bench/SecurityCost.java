package org.chaekieum.deploy.bench;

import static org.chaekieum.deploy.bench.Bench.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.chaekieum.deploy.Federation;

/**
 * What TLS and SASL cost, measured in the same run as the figures they are printed next to: a JDK Flight Recorder
 * profile (method samples, {@code jcmd <pid> JFR.start}) of every JVM of the federation and of the benchmark's own
 * clients during a phase (the JDK's low-overhead "default" settings: a stack sample every 20 ms per running thread), each sample put in the first of these that its stack shows:
 * <ul>
 *   <li><b>tokens</b>: checking an OIDC access token's signature (jose4j; RSA) — the cost of OIDC, not of TLS;</li>
 *   <li><b>TLS</b>: the JDK's TLS engine or Netty's TLS handler or Kafka's TLS transport (handshakes, record
 *       encryption and decryption, AES-GCM);</li>
 *   <li><b>SASL</b>: Kafka's SASL authentication (SCRAM).</li>
 * </ul>
 * A process's share of samples in a category times its CPU per operation ({@link ProcessCpu}) is that category's CPU
 * per operation in that process. Samples see Java threads only (not the JIT compiler or the garbage collector), so the
 * shares are of the Java work; PostgreSQL's TLS (in C) is not in them.
 */
final class SecurityCost {

    /** The categories, in the order they are tried on a stack (the first that matches wins). */
    static final List<String> CATEGORIES = List.of("tokens", "TLS", "SASL");

    private final Map<String, Long> pids;
    private final Path dir;
    private final Path jcmd;
    private final List<String> started = new ArrayList<>();

    private SecurityCost(Map<String, Long> pids, Path dir, Path jcmd) {
        this.pids = pids;
        this.dir = dir;
        this.jcmd = jcmd;
    }

    /**
     * Starts recording every JVM of the federation and this one (start it well before the phase to price: starting
     * the recorder costs a JVM some CPU); empty (logged) when the JDK has no jcmd.
     */
    static SecurityCost start(Federation federation, Path dir) {
        Path java = ProcessHandle.current().info().command().map(Path::of).orElse(Path.of("java"));
        Path jcmd = java.resolveSibling("jcmd");
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("hub", federation.hub().pid());
        federation.settings().regions().forEach(region -> pids.put("region-" + region.id(),
                federation.region(region.id()).pid()));
        pids.put("kafka", federation.kafka().pid());
        pids.put("bench clients", ProcessHandle.current().pid());
        SecurityCost cost = new SecurityCost(pids, dir, jcmd);
        if (!Files.isExecutable(jcmd)) {
            log("security cost: no jcmd beside %s; not measured", java);
            return cost;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            log("security cost: cannot create %s: %s", dir, e.getMessage());
            return cost;
        }
        pids.forEach((name, pid) -> {
            if (cost.jcmd(pid, "JFR.start", "name=security-cost", "settings=default",
                    "filename=" + cost.file(name))) {
                cost.started.add(name);
            }
        });
        return cost;
    }

    /**
     * Stops the recordings and returns, per process, the share of its Java samples taken between {@code from} and
     * {@code to} in each category (and the count of those samples under the key {@code "samples"}).
     */
    Map<String, Map<String, Double>> stop(Instant from, Instant to) {
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        for (String name : started) {
            if (!jcmd(pids.get(name), "JFR.stop", "name=security-cost")) {
                continue;
            }
            try {
                shares.put(name, shares(file(name), from, to));
            } catch (IOException | RuntimeException e) {
                log("security cost: recording of %s unreadable: %s", name, e.getMessage());
            }
        }
        return shares;
    }

    /**
     * "TLS: hub 1.2 ms, region-seoul 0.9 ms, ... = 4.1 ms (7% of the federation's CPU)" per category: the CPU per
     * operation that each category took, from the shares and the CPU per operation per process.
     */
    static List<String> report(Map<String, Map<String, Double>> shares, Map<String, Double> cpuBefore,
                               Map<String, Double> cpuAfter, long operations) {
        List<String> lines = new ArrayList<>();
        if (shares.isEmpty() || operations <= 0) {
            return lines;
        }
        double federationCpu = 0;
        for (Map.Entry<String, Double> end : cpuAfter.entrySet()) {
            Double begin = cpuBefore.get(end.getKey());
            if (begin != null && !end.getKey().equals("bench clients")) {
                federationCpu += (end.getValue() - begin) * 1000 / operations;
            }
        }
        for (String category : CATEGORIES) {
            StringBuilder line = new StringBuilder(String.format("%-7s", category + ":"));
            double inFederation = 0;
            for (Map.Entry<String, Map<String, Double>> process : shares.entrySet()) {
                Double begin = cpuBefore.get(process.getKey());
                Double end = cpuAfter.get(process.getKey());
                if (begin == null || end == null) {
                    continue;
                }
                double millis = process.getValue().getOrDefault(category, 0.0) * (end - begin) * 1000 / operations;
                if (!process.getKey().equals("bench clients")) {
                    inFederation += millis;
                }
                line.append(String.format(" %s %.2f ms,", process.getKey(), millis));
            }
            line.append(String.format(" federation %.2f ms per checkout and its return (%.0f%% of its CPU)",
                    inFederation, federationCpu <= 0 ? 0 : 100 * inFederation / federationCpu));
            lines.add(line.toString());
        }
        return lines;
    }

    private Path file(String name) {
        return dir.toAbsolutePath().resolve(name.replace(' ', '-') + ".jfr");
    }

    private boolean jcmd(long pid, String... command) {
        List<String> arguments = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        arguments.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                log("security cost: %s failed: %s", String.join(" ", arguments), Bench.abbreviate(new String(output)));
                return false;
            }
            return true;
        } catch (IOException e) {
            log("security cost: %s: %s", String.join(" ", arguments), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The share of execution samples in each category, and their number under "samples". */
    static Map<String, Double> shares(Path recording, Instant from, Instant to) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                continue;
            }
            samples++;
            String category = category(event.getStackTrace().getFrames().stream()
                    .map(frame -> frame.getMethod() == null ? "" : frame.getMethod().getType().getName())
                    .toList());
            if (category != null) {
                counts.merge(category, 1L, Long::sum);
            }
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            shares.put(category, samples == 0 ? 0 : counts.getOrDefault(category, 0L) / (double) samples);
        }
        shares.put("samples", (double) samples);
        return shares;
    }

    /** The category of one stack (its frames' class names, innermost first), or null for none. */
    static String category(List<String> classes) {
        if (classes.stream().anyMatch(c -> c.startsWith("org.jose4j."))) {
            return "tokens";
        }
        if (classes.stream().anyMatch(c -> c.startsWith("sun.security.ssl.") || c.startsWith("io.netty.handler.ssl.")
                || c.equals("org.apache.kafka.common.network.SslTransportLayer"))) {
            return "TLS";
        }
        if (classes.stream().anyMatch(c -> c.startsWith("org.apache.kafka.common.security."))) {
            return "SASL";
        }
        return null;
    }
}
