package org.chaekieum.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus scrape configuration, the alert rules and the Grafana dashboard of {@code deploy/monitoring/}:
 * promtool's own checks (when promtool is installed: Debian's package {@code prometheus}) and what every alert must
 * carry. {@code MetricsForAlertsIT} checks that running services export every metric these files use.
 */
class MonitoringFilesTest {

    private final MonitoringFiles files = MonitoringFiles.ofThisCheckout();

    @Test
    void promtoolAcceptsTheRulesTheirTestsAndTheScrapeConfiguration() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (Debian package prometheus): syntax check skipped");

        promtool(promtool.get(), "check", "rules", files.rulesFile().toString());
        promtool(promtool.get(), "check", "config", files.scrapeConfigFile().toString());
        promtool(promtool.get(), "test", "rules", files.rulesTestFile().toString());
    }

    @Test
    void everyAlertWaitsHasASeverityAndTellsTheOnCallEngineerWhatToCheckFirst() {
        List<JsonNode> rules = files.rules();
        assertThat(rules).isNotEmpty();
        Set<String> names = new HashSet<>();
        for (JsonNode rule : rules) {
            String name = rule.path("alert").asText();
            assertThat(name).as("every rule is an alert with a name").isNotBlank();
            assertThat(names.add(name)).as("alert %s is named once", name).isTrue();
            assertThat(rule.path("expr").asText()).as("%s expr", name).isNotBlank();
            assertThat(rule.path("for").asText()).as("%s for", name).matches("\\d+[smh]");
            assertThat(rule.path("labels").path("severity").asText()).as("%s severity", name)
                    .isIn("critical", "warning", "info");
            JsonNode annotations = rule.path("annotations");
            assertThat(annotations.path("summary").asText()).as("%s summary", name).isNotBlank();
            assertThat(annotations.path("summary_ko").asText()).as("%s summary in Korean", name)
                    .containsPattern("\\p{IsHangul}");
            assertThat(annotations.path("description").asText()).as("%s description", name).isNotBlank();
            assertThat(annotations.path("runbook").asText()).as("%s runbook", name).isNotBlank();
        }
    }

    @Test
    void theScrapeConfigurationScrapesEveryServiceOfTheLocalRunAtItsMetricsPath() {
        JsonNode config = files.scrapeConfig();
        assertThat(config.path("rule_files")).extracting(JsonNode::asText)
                .containsExactly("rules/chaekieum-alerts.yml");
        Map<String, List<JsonNode>> targetsByJob = new HashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            assertThat(job.path("metrics_path").asText()).as("job %s", job.path("job_name").asText())
                    .isEqualTo("/q/metrics");
            List<JsonNode> groups = new ArrayList<>();
            job.path("static_configs").forEach(groups::add);
            targetsByJob.put(job.path("job_name").asText(), groups);
        }
        // The job names are the pods' app.kubernetes.io/name in deploy/k8s; the ports are the local run's
        // (LocalFederation: hub 8090, seoul 8091, gyeonggi 8092, the gateway's HTTP 8095).
        assertThat(targetsByJob).containsOnlyKeys("national-hub", "regional-center", "sip2-gateway");
        assertThat(targets(targetsByJob.get("national-hub"))).containsExactly("localhost:8090");
        assertThat(targets(targetsByJob.get("sip2-gateway"))).containsExactly("localhost:8095");
        Map<String, String> regions = new HashMap<>();
        for (JsonNode group : targetsByJob.get("regional-center")) {
            String region = group.path("labels").path("region").asText();
            assertThat(region).as("every regional center's target names its region").isNotBlank();
            group.path("targets").forEach(target -> regions.put(target.asText(), region));
        }
        assertThat(regions).containsOnly(Map.entry("localhost:8091", "seoul"), Map.entry("localhost:8092", "gyeonggi"));
        for (String job : List.of("national-hub", "regional-center", "sip2-gateway")) {
            assertThat(rulesAndDashboardText()).as("job %s is used by the rules or the dashboard", job)
                    .contains("\"" + job + "\"");
        }
    }

    @Test
    void theDashboardShowsEveryFigureTheAlertsUseAndFiltersRegionalFiguresByRegion() {
        assertThat(files.dashboardMetrics()).containsAll(files.ruleMetrics());
        JsonNode dashboard = files.dashboard();
        assertThat(dashboard.path("uid").asText()).isEqualTo("chaekieum-federation");
        assertThat(dashboard.path("templating").path("list")).extracting(v -> v.path("name").asText())
                .contains("datasource", "region");
        List<JsonNode> panels = files.panels();
        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
            assertThat(panel.path("targets")).as("%s has queries", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(MonitoringFiles.metricNames(expr)).as("%s: %s", title, expr).isNotEmpty();
                if (expr.contains("job=\"regional-center\"")) {
                    assertThat(expr).as("%s filters by the region variable", title).contains("region=~\"$region\"");
                }
            }
        }
    }

    @Test
    void metricNamesAreReadOffPromQlWithoutFunctionsLabelsOrKeywords() {
        assertThat(MonitoringFiles.metricNames("""
                max by (job, region) (chaekieum_outbox_backlog{region=~"$region"}) > 0
                  and sum by (job) (rate(chaekieum_outbox_published_total[$__rate_interval] offset 5m)) == 0.05
                  or on (instance) up{job="x", status=~"5.."} unless histogram_quantile(0.99, foo_bucket[1m])
                """)).containsExactlyInAnyOrder("chaekieum_outbox_backlog", "chaekieum_outbox_published_total", "up",
                "foo_bucket");
        assertThat(files.allMetrics()).isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches("[a-zA-Z_:][a-zA-Z0-9_:]*"));
    }

    @Test
    void everyMetricIsSelectedSomewhereWithTheJobsThatExportIt() {
        // MetricsForAlertsIT checks that every service of these jobs exports the metric.
        assertThat(files.jobsByMetric()).containsOnlyKeys(files.allMetrics());
        assertThat(files.jobsByMetric().values()).allSatisfy(jobs -> assertThat(jobs).isNotEmpty()
                .isSubsetOf("national-hub", "regional-center", "sip2-gateway"));
        assertThat(files.jobsByMetric()).containsEntry("chaekieum_checkouts_total", Set.of("regional-center"))
                .containsEntry("chaekieum_outbox_backlog", Set.of("national-hub", "regional-center"));
    }

    private String rulesAndDashboardText() {
        try {
            return Files.readString(files.rulesFile()) + Files.readString(files.dashboardFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> targets(List<JsonNode> groups) {
        List<String> targets = new ArrayList<>();
        groups.forEach(group -> group.path("targets").forEach(t -> targets.add(t.asText())));
        return targets;
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }

    private static void promtool(Path promtool, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool %s finished", command).isTrue();
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
    }
}
