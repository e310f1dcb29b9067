package org.chaekieum.deploy.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaekieum.deploy.FederationLayout;

/**
 * The monitoring files of {@code deploy/monitoring/} as the tests read them: the Prometheus scrape configuration, the
 * alert rules and the Grafana dashboard, and the metric names their PromQL expressions use.
 */
public final class MonitoringFiles {

    /** Series Prometheus makes itself for each target; no service exports them. */
    public static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern JOB_MATCHER = Pattern.compile("\\bjob\\s*(=~?)\\s*\"([^\"]*)\"");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    private final Path directory;

    private MonitoringFiles(Path directory) {
        this.directory = directory;
    }

    /** The files of this checkout ({@code deploy/monitoring}). */
    public static MonitoringFiles ofThisCheckout() {
        return new MonitoringFiles(FederationLayout.detect().root().resolve("deploy").resolve("monitoring"));
    }

    public Path scrapeConfigFile() {
        return directory.resolve("prometheus.yml");
    }

    public Path rulesFile() {
        return directory.resolve("rules").resolve("chaekieum-alerts.yml");
    }

    public Path rulesTestFile() {
        return directory.resolve("rules").resolve("chaekieum-alerts.test.yml");
    }

    public Path dashboardFile() {
        return directory.resolve("grafana").resolve("chaekieum-federation.json");
    }

    public JsonNode scrapeConfig() {
        return read(YAML, scrapeConfigFile());
    }

    public JsonNode dashboard() {
        return read(JSON, dashboardFile());
    }

    /** Every alerting and recording rule of every group. */
    public List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : read(YAML, rulesFile()).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    /** Every panel of the dashboard, those inside rows included (rows themselves excluded). */
    public List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard().path("panels"), panels);
        return panels;
    }

    private static void collectPanels(JsonNode list, List<JsonNode> into) {
        for (JsonNode panel : list) {
            if (!"row".equals(panel.path("type").asText())) {
                into.add(panel);
            }
            collectPanels(panel.path("panels"), into);
        }
    }

    /** The metric names the alert rules' expressions use. */
    public Set<String> ruleMetrics() {
        Set<String> names = new TreeSet<>();
        rules().forEach(rule -> names.addAll(metricNames(rule.path("expr").asText())));
        return names;
    }

    /** The metric names the dashboard's panel queries and template variables use. */
    public Set<String> dashboardMetrics() {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> names.addAll(metricNames(target.path("expr").asText())));
        }
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            Matcher m = LABEL_VALUES.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every metric name the rules and the dashboard use. */
    public Set<String> allMetrics() {
        Set<String> names = new TreeSet<>(ruleMetrics());
        names.addAll(dashboardMetrics());
        return names;
    }

    /**
     * For each metric that a rule or a panel selects with a {@code job} matcher ({@code job="x"} or
     * {@code job=~"x|y"}), the jobs named: the services expected to export it.
     */
    public Map<String, Set<String>> jobsByMetric() {
        List<String> expressions = new ArrayList<>();
        rules().forEach(rule -> expressions.add(rule.path("expr").asText()));
        panels().forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        Map<String, Set<String>> jobs = new TreeMap<>();
        for (String expression : expressions) {
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                Matcher job = JOB_MATCHER.matcher(selector.group(2));
                if (job.find()) {
                    Set<String> named = jobs.computeIfAbsent(selector.group(1), k -> new TreeSet<>());
                    named.addAll("=".equals(job.group(1)) ? List.of(job.group(2)) : List.of(job.group(2).split("\\|")));
                }
            }
        }
        return jobs;
    }

    /**
     * The metric names a PromQL expression selects: identifiers that are neither functions or aggregations (followed
     * by a parenthesis), nor keywords, nor label names (inside braces or a grouping clause), nor in a string, a range
     * or a Grafana variable.
     */
    public static Set<String> metricNames(String expression) {
        String text = STRING.matcher(expression).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        text = VARIABLE.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
