package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI_LIBRARIES;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL_LIBRARIES;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalTrust;
import org.chaekieum.deploy.ServiceProcess;
import org.chaekieum.deploy.Sip2Gateway;
import org.chaekieum.deploy.monitoring.MonitoringFiles;
import org.chaekieum.testsupport.KolasClient;
import org.chaekieum.testsupport.KolasClient.Answer;
import org.chaekieum.testsupport.KolasClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert rules and the Grafana dashboard of {@code deploy/monitoring/} use only metrics that the running services
 * export: each service's {@code /q/metrics} is scraped as Prometheus would, and every metric a rule or a panel selects
 * with {@code job="..."} must be exported by every service of that job (each regional center, not just one). The
 * scraped texts stay in {@code deploy/target/e2e-federation/metrics/}.
 */
@ExtendWith(FederationExtension.class)
class MetricsForAlertsIT {

    private static final HttpClient HTTP = LocalTrust.httpClient().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExportedByTheServicesTheyExpectItFrom(Federation federation)
            throws Exception {
        aLittleOfADay(federation);

        Map<String, Set<String>> exportedByService = new LinkedHashMap<>();
        Map<String, String> jobOfService = new LinkedHashMap<>();
        Path dumps = federation.settings().workDir().resolve("metrics");
        Files.createDirectories(dumps);
        List<ServiceProcess> processes = new ArrayList<>(federation.services());
        processes.add(federation.gateway().process());
        for (ServiceProcess service : processes) {
            String exposition = scrape(service);
            Files.writeString(dumps.resolve(service.name() + ".prom"), exposition);
            exportedByService.put(service.name(), metricNames(exposition));
            jobOfService.put(service.name(), jobOf(service.name()));
        }

        MonitoringFiles files = MonitoringFiles.ofThisCheckout();
        Map<String, Set<String>> jobsByMetric = files.jobsByMetric();
        Map<String, Set<String>> exporters = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String metric : files.allMetrics()) {
            if (MonitoringFiles.PROMETHEUS_OWN.contains(metric)) {
                continue;
            }
            Set<String> by = new TreeSet<>();
            exportedByService.forEach((service, names) -> {
                if (names.contains(metric)) {
                    by.add(service);
                }
            });
            exporters.put(metric, by);
            Set<String> expectedJobs = jobsByMetric.getOrDefault(metric, Set.of());
            if (by.isEmpty()) {
                missing.add(metric + ": exported by no service");
            }
            for (String service : exportedByService.keySet()) {
                if (expectedJobs.contains(jobOfService.get(service)) && !by.contains(service)) {
                    missing.add(metric + ": not exported by " + service + " (job " + jobOfService.get(service) + ")");
                }
            }
        }
        exporters.forEach((metric, by) -> System.out.printf("[metrics] %-58s %s%n", metric, by));

        assertThat(exporters).as("metrics used by the rules and the dashboard").isNotEmpty();
        assertThat(missing).as("metrics of %s and %s not exported as expected (scraped texts in %s)",
                files.rulesFile().getFileName(), files.dashboardFile().getFileName(), dumps).isEmpty();
    }

    /**
     * Makes the series that exist only once something happened: a kiosk's checkout through the gateway at a Seoul
     * library (SIP2 messages, the gateway's calls to Seoul, HTTP requests at Seoul and the hub), a KOLAS III look-up of
     * that member at a Gyeonggi library (a KOLAS request, the gateway's call to Gyeonggi, an HTTP request there).
     */
    private static void aLittleOfADay(Federation federation) {
        String seoul = SEOUL_LIBRARIES.get(0);
        String member = Library.enrollAndAwaitHub(federation, seoul, Library.adult());
        try (Sip2Gateway.Connection kiosk = federation.gateway().connect("kiosk-" + seoul)) {
            String answer = kiosk.send(Sip2Gateway.checkoutMessage(seoul, member, Circulation.newItem(seoul)));
            assertThat(answer).as("the kiosk's checkout").startsWith("121");
        }
        Answer looked = new KolasClient("127.0.0.1", federation.kolasPort())
                .send(Frame.of("IL_K08_LOC_B01_SERVICE", "통합대출자번호", member, "도서관부호", GYEONGGI_LIBRARIES.get(0)));
        assertThat(looked.errorCode()).as("not yet imported at Gyeonggi: the region answered").isEqualTo("MK08LCTB01DT01");
    }

    private static String scrape(ServiceProcess service) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s/q/metrics", service.baseUrl()).isEqualTo(200);
        return response.body();
    }

    /** The metric names of a Prometheus text exposition: what precedes the labels or the value of each sample. */
    static Set<String> metricNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** The Prometheus job of a service process, as deploy/monitoring/prometheus.yml names it. */
    private static String jobOf(String processName) {
        if (processName.startsWith("regional-center-")) {
            return "regional-center";
        }
        return processName; // national-hub, sip2-gateway
    }
}
