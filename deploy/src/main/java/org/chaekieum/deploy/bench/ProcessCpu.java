package org.chaekieum.deploy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.ServiceProcess;

/**
 * CPU time used so far by each process of the federation, read from {@code /proc/<pid>/stat} (user + system time, all
 * threads): the hub, each regional center, the broker, PostgreSQL (the postmaster, its backends and the backends that
 * already ended) and the benchmark's own JVM (the clients). Two snapshots around a phase give the CPU per operation
 * per process: where the time goes. Linux only; elsewhere the snapshot is empty and nothing is printed.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ: 100 on every Linux architecture we run on). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** Seconds of CPU used so far, per process name, in a stable order. */
    static Map<String, Double> snapshot(Federation federation) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return cpu;
        }
        put(cpu, "hub", federation.hub());
        for (String region : federation.settings().regions().stream().map(Federation.Region::id).toList()) {
            put(cpu, "region-" + region, federation.region(region));
        }
        ticks(federation.kafka().pid(), false).ifPresent(t -> cpu.put("kafka", t / TICKS_PER_SECOND));
        postgresTicks(federation.postgres().port()).ifPresent(t -> cpu.put("postgres", t / TICKS_PER_SECOND));
        ticks(ProcessHandle.current().pid(), false).ifPresent(t -> cpu.put("bench clients", t / TICKS_PER_SECOND));
        return cpu;
    }

    /** "hub 4.1 ms, region-seoul 6.0 ms, ... = 21.3 ms": CPU per operation between two snapshots. */
    static String perOperation(Map<String, Double> before, Map<String, Double> after, long operations) {
        if (operations <= 0 || after.isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        double total = 0;
        double services = 0;
        for (Map.Entry<String, Double> end : after.entrySet()) {
            Double begin = before.get(end.getKey());
            if (begin == null) {
                continue;
            }
            double millis = (end.getValue() - begin) * 1000 / operations;
            total += millis;
            if (!end.getKey().equals("bench clients")) {
                services += millis;
            }
            line.append(String.format("%s %.1f ms, ", end.getKey(), millis));
        }
        return line.append(String.format("federation %.1f ms (all %.1f ms)", services, total)).toString();
    }

    /** "hub 41 ms/s, ...": CPU per second of wall time between two snapshots (1000 ms/s is one core). */
    static String perSecond(Map<String, Double> before, Map<String, Double> after, double seconds) {
        StringBuilder line = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> end : after.entrySet()) {
            Double begin = before.get(end.getKey());
            if (begin != null) {
                double millis = (end.getValue() - begin) * 1000 / seconds;
                total += millis;
                line.append(String.format("%s %.0f ms/s, ", end.getKey(), millis));
            }
        }
        return line.append(String.format("all %.0f ms/s (of %d cores)", total,
                Runtime.getRuntime().availableProcessors())).toString();
    }

    private static void put(Map<String, Double> cpu, String name, ServiceProcess service) {
        ticks(service.pid(), false).ifPresent(t -> cpu.put(name, t / TICKS_PER_SECOND));
    }

    /** utime + stime of a process (and, with {@code reaped}, of its children that ended: cutime + cstime). */
    private static OptionalLong ticks(long pid, boolean reaped) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat
            if (reaped) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // fields 16 and 17
            }
            return OptionalLong.of(ticks);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // the process ended, or this is not Linux
        }
    }

    /**
     * The PostgreSQL server listening on {@code port}: its postmaster (found by its command line, with the backends
     * that ended) and every process it started (backends, background writer, WAL writer, ...).
     */
    private static OptionalLong postgresTicks(int port) {
        long postmaster = -1;
        Map<Long, Long> parents = new LinkedHashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                try {
                    String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    parents.put(pid, Long.parseLong(fields[1]));
                    String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (List.of(command.split(" ")).contains(Integer.toString(port)) && command.contains(" -p ")) {
                        postmaster = pid;
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (postmaster < 0) {
            return OptionalLong.empty();
        }
        long total = ticks(postmaster, true).orElse(0);
        for (Map.Entry<Long, Long> process : parents.entrySet()) {
            if (process.getValue() == postmaster) {
                total += ticks(process.getKey(), false).orElse(0);
            }
        }
        return OptionalLong.of(total);
    }
}
