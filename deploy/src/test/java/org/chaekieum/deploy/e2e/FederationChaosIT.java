package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A busy day with crashes: desks at both regions lend and take back (half the returns at the other region), every
 * request with an Idempotency-Key and sent again until answered, while the national hub, then the Seoul regional
 * center, then the Kafka broker are killed with SIGKILL and started again. At the end: every loan a desk was told about
 * is active exactly once (or ended, if its return was acknowledged), every acknowledged return (200 or 202) has ended
 * its loan at the time the desk was told, no loan exists that no desk was told about, the hub's ledger and the regions
 * agree, a request sent again got the same answer, and no 5xx was answered except while a process was down.
 */
@ExtendWith(FederationExtension.class)
class FederationChaosIT {

    private static final List<String> LIBRARIES = List.of("111001", "141001");
    private static final int MEMBERS_PER_REGION = 4;
    private static final int DESKS_PER_LIBRARY = 2;
    /** After a process is ready again, circuit breakers and consumers take a moment to notice. */
    private static final long GRACE_MILLIS = 15_000;

    /** A process killed at {@code killedAt} and ready again at {@code backAt} (milliseconds since the desks opened). */
    private record Outage(String process, long killedAt, long backAt) {
        boolean covers(long at) {
            return at >= killedAt && at <= backAt + GRACE_MILLIS;
        }
    }

    @Test
    void aBusyDayWithTheHubARegionAndTheBrokerKilledLosesNothingAndDoublesNothing(Federation federation)
            throws Exception {
        long started = System.nanoTime();
        for (String library : LIBRARIES) {
            Circulation.setPolicy(federation, library, Circulation.policyWithCap(20));
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS_PER_REGION; i++) {
            members.add(Circulation.memberRegisteredAt(federation, "111001", List.of("141001")).memberNumber());
            members.add(Circulation.memberRegisteredAt(federation, "141001", List.of("111001")).memberNumber());
        }

        ChaosDesks desks = new ChaosDesks(federation, members, LIBRARIES);
        List<Outage> outages = new ArrayList<>();
        desks.open(DESKS_PER_LIBRARY);
        try {
            awaitProgress(desks, "the desks lend", () -> desks.loans.size() >= 20);

            long killed = desks.now();
            federation.killHub();
            awaitProgress(desks, "desks work while the hub is down", answeredSince(desks, killed, 12));
            federation.startHub();
            outages.add(new Outage("national hub", killed, desks.now()));

            killed = desks.now();
            federation.killRegion(SEOUL);
            awaitProgress(desks, "Gyeonggi's desks work while Seoul is down", answeredSince(desks, killed, 12));
            federation.startRegion(SEOUL);
            outages.add(new Outage("regional center seoul", killed, desks.now()));

            killed = desks.now();
            federation.kafka().kill();
            awaitProgress(desks, "desks work while the broker is down", answeredSince(desks, killed, 12));
            federation.kafka().start();
            outages.add(new Outage("kafka broker", killed, desks.now()));

            int lent = desks.loans.size();
            awaitProgress(desks, "the desks lend after the last outage", () -> desks.loans.size() >= lent + 15);
        } finally {
            desks.close(Duration.ofSeconds(60));
            federation.startStopped();
        }
        long loadEnded = desks.now();

        Map<String, ChaosDesks.Return> returnedLoans = new HashMap<>();
        desks.returns.forEach(r -> returnedLoans.put(r.loan().loanId(), r));
        Map<String, ChaosDesks.Loan> toldLoans = new HashMap<>();
        desks.loans.forEach(l -> toldLoans.put(l.loanId(), l));

        List<ChaosDesks.Answer> all = new ArrayList<>(desks.answers);
        List<ChaosDesks.Answer> serverErrors = all.stream().filter(a -> a.status() >= 500).toList();
        List<ChaosDesks.Answer> outsideOutages = serverErrors.stream()
                .filter(a -> outages.stream().noneMatch(o -> o.covers(a.atMillis()))).toList();
        report(desks, outages, all, serverErrors, loadEnded, System.nanoTime() - started);

        assertThat(desks.anomalies).as("acknowledged loans that could not be taken back, desks left hanging").isEmpty();
        assertThat(desks.mismatchedReplays).as("requests sent again that got another answer").isEmpty();
        assertThat(serverErrors).as("500 answers (never allowed)").noneMatch(a -> a.status() == 500);
        assertThat(outsideOutages).as("5xx answers while every process was up").isEmpty();

        await("loans, returns and the hub's ledger agree with what the desks were told")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, LoanRow> rows = new HashMap<>();
                    rows.putAll(loanRows(federation, SEOUL, members));
                    rows.putAll(loanRows(federation, GYEONGGI, members));
                    assertThat(rows.keySet()).as("loans of the members in the regions' databases")
                            .containsExactlyInAnyOrderElementsOf(toldLoans.keySet());
                    Map<String, Long> perItem = rows.values().stream()
                            .collect(Collectors.groupingBy(LoanRow::itemBarcode, Collectors.counting()));
                    assertThat(perItem.values()).as("loans per item (each item was lent once)").containsOnly(1L);
                    for (ChaosDesks.Loan loan : toldLoans.values()) {
                        LoanRow row = rows.get(loan.loanId());
                        assertThat(row.itemBarcode()).isEqualTo(loan.itemBarcode());
                        ChaosDesks.Return returned = returnedLoans.get(loan.loanId());
                        if (returned == null) {
                            assertThat(row.returnedAt()).as("loan %s (no return acknowledged); answers about %s: %s",
                                    loan.loanId(), loan.itemBarcode(), history(all, loan.itemBarcode())).isNull();
                        } else {
                            assertThat(row.returnedAt()).as("loan %s returned at %s (answered %d)", loan.loanId(),
                                    returned.atLibrary(), returned.status())
                                    .isEqualTo(Instant.parse(returned.returnedAt()));
                            assertThat(row.returnedAtLibrary()).isEqualTo(returned.atLibrary());
                        }
                    }
                    Set<String> items = toldLoans.values().stream().map(ChaosDesks.Loan::itemBarcode)
                            .collect(Collectors.toSet());
                    assertThat(openKeptReturns(federation, SEOUL, items) + openKeptReturns(federation, GYEONGGI, items))
                            .as("returns kept and not yet applied").isZero();
                    Set<String> active = rows.values().stream().filter(r -> r.returnedAt() == null)
                            .map(LoanRow::loanId).collect(Collectors.toCollection(TreeSet::new));
                    assertThat(nationalActive(federation, members)).as("ACTIVE loans in the hub's ledger")
                            .isEqualTo(active);
                });

        assertThat(desks.returns.stream().filter(r -> r.status() == 202)).as("returns kept while unreachable")
                .isNotEmpty();
    }

    private static List<String> history(List<ChaosDesks.Answer> all, String item) {
        return all.stream().filter(a -> item.equals(a.item())).map(a -> a.atMillis() + "ms " + a.desk() + " "
                + a.operation() + " " + a.key() + " " + a.status() + (a.code() == null ? "" : " " + a.code())).toList();
    }

    private static void awaitProgress(ChaosDesks desks, String what, Callable<Boolean> done) {
        await(what).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(done);
    }

    /** Whether the desks got at least {@code n} answers (2xx to 5xx) since {@code since}. */
    private static Callable<Boolean> answeredSince(ChaosDesks desks, long since, int n) {
        Predicate<ChaosDesks.Answer> after = a -> a.atMillis() >= since && a.status() > 0;
        return () -> desks.answers.stream().filter(after).count() >= n;
    }

    private static void report(ChaosDesks desks, List<Outage> outages, List<ChaosDesks.Answer> all,
                               List<ChaosDesks.Answer> serverErrors, long loadEnded, long nanos) {
        // Each answer counted under the outage it fell in, from the kill until the next kill (the last: until it is
        // ready again and the grace after), or under "all up".
        List<String> phases = new ArrayList<>(outages.stream().map(o -> o.process() + " down").toList());
        phases.add("all up");
        Map<String, long[]> byStatus = new TreeMap<>();
        for (ChaosDesks.Answer a : all) {
            String what = a.operation().replace("-replay", "") + " " + (a.status() == 0 ? "no answer" : a.status())
                    + (a.code() == null ? "" : " " + a.code());
            int phase = phases.size() - 1;
            for (int i = 0; i < outages.size(); i++) {
                long until = i + 1 < outages.size() ? outages.get(i + 1).killedAt()
                        : outages.get(i).backAt() + GRACE_MILLIS;
                if (a.atMillis() >= outages.get(i).killedAt() && a.atMillis() < until) {
                    phase = i;
                }
            }
            byStatus.computeIfAbsent(what, k -> new long[phases.size()])[phase]++;
        }
        System.out.printf("[chaos] %d desks at %s for %.1f s; outages:%n", LIBRARIES.size() * DESKS_PER_LIBRARY,
                LIBRARIES, loadEnded / 1000.0);
        outages.forEach(o -> System.out.printf("[chaos]   %-22s killed at %6.1f s, ready again at %6.1f s%n",
                o.process(), o.killedAt() / 1000.0, o.backAt() / 1000.0));
        System.out.printf("[chaos] acknowledged: %d loans (%d degraded), %d returns (%d kept with 202, %d at another"
                        + " region); %d checkouts refused; %d resends after no answer or 5xx; %d answered requests sent"
                        + " again%n",
                desks.loans.size(), desks.loans.stream().filter(ChaosDesks.Loan::degraded).count(), desks.returns.size(),
                desks.returns.stream().filter(r -> r.status() == 202).count(),
                desks.returns.stream().filter(r -> !r.atLibrary().substring(1, 3)
                        .equals(r.loan().library().substring(1, 3))).count(),
                desks.refusedCheckouts.get(), desks.retries.get(), desks.replays.get());
        System.out.printf("[chaos]   %-45s%s%n", "answers, by when they came",
                phases.stream().map(p -> String.format("%28s", p)).collect(Collectors.joining()));
        byStatus.forEach((what, counts) -> System.out.printf("[chaos]   %-45s%s%n", what,
                Arrays.stream(counts).mapToObj(c -> String.format("%28d", c)).collect(Collectors.joining())));
        System.out.printf("[chaos] 5xx answers: %d, all within an outage: %s; whole test %.1f s%n", serverErrors.size(),
                serverErrors.stream().allMatch(a -> outages.stream().anyMatch(o -> o.covers(a.atMillis()))),
                nanos / 1e9);
    }

    private record LoanRow(String loanId, String itemBarcode, Instant returnedAt, String returnedAtLibrary) {
    }

    private static Map<String, LoanRow> loanRows(Federation federation, String region, List<String> members)
            throws SQLException {
        Map<String, LoanRow> rows = new HashMap<>();
        try (Connection connection = federation.postgres().connect(LocalPostgres.regionDatabase(region));
             PreparedStatement statement = connection.prepareStatement("SELECT id::text, item_barcode, returned_at,"
                     + " returned_at_library FROM loan WHERE member_number::text = ANY (?)")) {
            Array numbers = connection.createArrayOf("text", members.toArray());
            statement.setArray(1, numbers);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Timestamp returnedAt = result.getTimestamp(3);
                    String library = result.getString(4);
                    rows.put(result.getString(1), new LoanRow(result.getString(1), result.getString(2),
                            returnedAt == null ? null : returnedAt.toInstant(), library == null ? null : library.trim()));
                }
            }
        }
        return rows;
    }

    private static long openKeptReturns(Federation federation, String region, Set<String> items)
            throws SQLException {
        try (Connection connection = federation.postgres().connect(LocalPostgres.regionDatabase(region));
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pending_return WHERE applied_at IS NULL AND item_barcode = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", items.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static Set<String> nationalActive(Federation federation, List<String> members) throws SQLException {
        Set<String> active = new TreeSet<>();
        for (String member : members) {
            active.addAll(Databases.nationalLoanIds(federation, member, "ACTIVE"));
        }
        return active;
    }
}
