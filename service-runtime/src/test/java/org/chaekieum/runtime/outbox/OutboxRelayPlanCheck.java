package org.chaekieum.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The relay's select keeps using the partial index on seq once the outbox has grown (issue 14: the planning fix, on
 * both services). The exact statement the relay runs ({@link OutboxRelay#SELECT_BATCH}) is executed the way the relay
 * executes it: a new PreparedStatement per batch on one connection, many times. PostgreSQL's auto_explain reports, as
 * EXPLAIN (FORMAT JSON), the plan each execution actually used.
 *
 * <p>With the driver's default (server-side prepared after 5 uses, then after 5 custom plans the server settles on a
 * generic plan) the plan made while the outbox was small is kept when the table grows, and every batch scans the whole
 * table until the next ANALYZE. With the relay's setting ({@link OutboxRelay#plannedEachTime}) each execution is planned
 * for its actual parameters: an index scan of the partial index.
 *
 * <p>It runs on a copy of the outbox table (same columns, identity and indexes) in a scratch schema, on its own
 * connections, so that the service's relay and the other tests never see it; autovacuum is off for the copy so that no
 * analyze comes between the growth and the check.
 *
 * <p>Each service runs it against its own database and outbox table: {@code @QuarkusTest class OutboxRelayPlanTest
 * extends OutboxRelayPlanCheck} (this module's test jar).
 */
public abstract class OutboxRelayPlanCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Driver uses before it prepares server-side (5) + custom plans before the server considers a generic one (5). */
    private static final int WARM_UP_BATCHES = 12;
    private static final int BATCH_SIZE = 200;

    @Test
    void relaySelectUsesThePartialIndexOnceTheOutboxHasGrown() throws Exception {
        String schema = "outbox_plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection setup = connect(schema)) {
            try (Statement s = setup.createStatement()) {
                s.execute("create schema " + schema);
                s.execute("create table " + schema + ".outbox_event (like public.outbox_event including all)"
                        + " with (autovacuum_enabled = false)");
            }
            try {
                insert(setup, 1, false);
                analyze(setup);
                String partialIndex = partialIndex(setup, schema);

                try (Connection byDefault = connect(schema); Connection asTheRelay = connect(schema)) {
                    explainEachExecution(byDefault);
                    explainEachExecution(asTheRelay);
                    // A few batches while the outbox is small, as after a start with an empty outbox.
                    for (int i = 0; i < WARM_UP_BATCHES; i++) {
                        relayBatchPlan(byDefault, false);
                        relayBatchPlan(asTheRelay, true);
                    }

                    // The outbox grows (a day of published events, a few waiting) before autovacuum analyzes it.
                    insert(setup, 20_000, true);
                    insert(setup, 3, false);

                    Plan defaultPlan = relayBatchPlan(byDefault, false);
                    Plan relayPlan = relayBatchPlan(asTheRelay, true);
                    assertThat(relayPlan.scans()).as("relay's plan after growth: %s", relayPlan)
                            .contains("Index Scan on outbox_event using " + partialIndex)
                            .noneMatch(scan -> scan.startsWith("Seq Scan"));
                    assertThat(relayPlan.rows()).isEqualTo(4);
                    assertThat(defaultPlan.scans())
                            .as("with the driver's default the generic plan made while the outbox was small is kept: %s",
                                    defaultPlan)
                            .contains("Seq Scan on outbox_event");
                    assertThat(genericPlans(byDefault)).as("generic plans used by default").isPositive();
                    assertThat(genericPlans(asTheRelay)).as("the relay's statement is never prepared server-side")
                            .isEqualTo(-1);

                    // After ANALYZE the relay's plan is still the index scan (a fresh statistic does not change it).
                    analyze(setup);
                    Plan afterAnalyze = relayBatchPlan(asTheRelay, true);
                    assertThat(afterAnalyze.scans()).as("relay's plan after ANALYZE: %s", afterAnalyze)
                            .contains("Index Scan on outbox_event using " + partialIndex)
                            .noneMatch(scan -> scan.startsWith("Seq Scan"));
                }
            } finally {
                try (Statement s = setup.createStatement()) {
                    s.execute("drop schema " + schema + " cascade");
                }
            }
        }
    }

    /** One execution of the relay's select as the relay runs it; the plan it used. */
    private static Plan relayBatchPlan(Connection connection, boolean relaySetting) throws Exception {
        try (PreparedStatement select = connection.prepareStatement(OutboxRelay.SELECT_BATCH)) {
            if (relaySetting) {
                OutboxRelay.plannedEachTime(select);
            }
            select.setInt(1, BATCH_SIZE);
            int rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            List<String> plans = new ArrayList<>();
            for (SQLWarning w = select.getWarnings(); w != null; w = w.getNextWarning()) {
                plans.add(w.getMessage());
            }
            for (SQLWarning w = connection.getWarnings(); w != null; w = w.getNextWarning()) {
                plans.add(w.getMessage());
            }
            connection.clearWarnings();
            for (String notice : plans) {
                int start = notice.indexOf('{');
                if (start < 0) {
                    continue;
                }
                JsonNode explain = JSON.readTree(notice.substring(start));
                if (explain.path("Query Text").asText().toLowerCase(Locale.ROOT).contains("from outbox_event")) {
                    List<String> scans = new ArrayList<>();
                    collectScans(explain.path("Plan"), scans);
                    return new Plan(scans, rows, explain.toString());
                }
            }
            throw new AssertionError("no auto_explain plan for the relay's select among " + plans);
        }
    }

    private static void collectScans(JsonNode node, List<String> scans) {
        String type = node.path("Node Type").asText();
        if (node.has("Relation Name")) {
            scans.add(type + " on " + node.path("Relation Name").asText()
                    + (node.has("Index Name") ? " using " + node.path("Index Name").asText() : ""));
        }
        for (JsonNode child : node.path("Plans")) {
            collectScans(child, scans);
        }
    }

    private record Plan(List<String> scans, int rows, String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    /** Generic plans PostgreSQL used for the relay's statement on this connection; -1 if not prepared there. */
    private static long genericPlans(Connection connection) throws Exception {
        try (PreparedStatement ps = connection.prepareStatement(
                "select generic_plans from pg_prepared_statements where statement like ?")) {
            OutboxRelay.plannedEachTime(ps);
            ps.setString(1, "%from outbox_event%order by seq limit $1%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Each execution's plan comes back as a notice, in EXPLAIN (FORMAT JSON). */
    private static void explainEachExecution(Connection connection) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("load 'auto_explain'");
            s.execute("set auto_explain.log_min_duration = 0");
            s.execute("set auto_explain.log_format = json");
            s.execute("set auto_explain.log_level = notice");
        }
    }

    private static void insert(Connection connection, int rows, boolean published) throws Exception {
        try (PreparedStatement p = connection.prepareStatement("insert into outbox_event (id, topic, message_key, "
                + "event_type, payload, created_at, published_at) select gen_random_uuid(), 'plan-check', "
                + "'M' || g, 'org.chaekieum.plan.check.v1', repeat('x', 400), now(), "
                + (published ? "now()" : "null") + " from generate_series(1, ?) g")) {
            p.setInt(1, rows);
            p.executeUpdate();
        }
    }

    private static void analyze(Connection connection) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("analyze outbox_event");
        }
    }

    private static String partialIndex(Connection connection, String schema) throws Exception {
        try (PreparedStatement p = connection.prepareStatement("select c.relname from pg_index i"
                + " join pg_class c on c.oid = i.indexrelid where i.indrelid = (? || '.outbox_event')::regclass"
                + " and i.indpred is not null")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).as("the outbox's partial index on unpublished rows").isTrue();
                return rs.getString(1);
            }
        }
    }

    /** A connection of its own (not the pool's): the scratch schema first on its search path. */
    private static Connection connect(String schema) throws Exception {
        var config = ConfigProvider.getConfig();
        Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        try (Statement s = connection.createStatement()) {
            s.execute("set search_path to " + schema + ", public");
        }
        return connection;
    }
}
