package org.chaekieum.hub.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.config.LogSafe;
import org.chaekieum.hub.dashboard.RegionStatus.Health;
import org.chaekieum.runtime.messaging.ServiceShutdown;
import org.chaekieum.runtime.outbox.OutboxReadinessCheck;
import org.chaekieum.runtime.outbox.OutboxRelay;
import org.jboss.logging.Logger;

/**
 * The regions' status as the dashboard shows it, refreshed in the background every
 * {@code chaekieum.dashboard.refresh-every}: each configured region's health document (asked in parallel, each within
 * {@code chaekieum.dashboard.health-timeout}; its outbox check gives the backlog) and what the broker says
 * ({@link BrokerWatch}). Pages and streams only read the last refresh, so a dead region never holds up a page. Each
 * replica of the hub keeps its own.
 */
@ApplicationScoped
public class RegionWatch {

    private static final Logger LOG = Logger.getLogger(RegionWatch.class);

    @Inject
    HubConfig hubConfig;

    @Inject
    DashboardConfig config;

    @Inject
    BrokerWatch broker;

    @Inject
    OutboxRelay hubOutbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    ServiceShutdown shutdown;

    private final Map<String, RegionHealthClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Health> lastHealth = new ConcurrentHashMap<>();
    private volatile Map<String, RegionStatus> statuses = Map.of();
    private volatile BrokerWatch.Reading brokerReading;

    /** The regions the hub is configured with, by id, as last refreshed (UNKNOWN before the first refresh). */
    public List<RegionStatus> statuses() {
        Map<String, RegionStatus> current = statuses;
        List<RegionStatus> all = new ArrayList<>();
        for (String region : new TreeSet<>(hubConfig.regions().keySet())) {
            all.add(current.getOrDefault(region, RegionStatus.unknown(region)));
        }
        return all;
    }

    public Optional<RegionStatus> status(String region) {
        return statuses().stream().filter(s -> s.region().equals(region)).findFirst();
    }

    /**
     * The hub's side of the pipeline, as last refreshed: its consumer lag and outbox backlog, and the dead letters of
     * every topic ({@code region} null) or of one region's decisions only (what its operator may see).
     */
    public Overview.Pipeline pipeline(String region) {
        BrokerWatch.Reading reading = brokerReading;
        if (reading == null) {
            return new Overview.Pipeline(null, hubOutbox.backlog(), null, null);
        }
        Long dead;
        if (region != null) {
            dead = reading.regionDeadLetters().get(region);
        } else {
            dead = reading.hubDeadLetters();
            if (dead != null) {
                for (Long regionDead : reading.regionDeadLetters().values()) {
                    dead += regionDead == null ? 0 : regionDead;
                }
            }
        }
        return new Overview.Pipeline(reading.hubConsumerLag(), hubOutbox.backlog(), dead, reading.checkedAt());
    }

    @Scheduled(identity = "dashboard-region-watch", every = "${chaekieum.dashboard.refresh-every}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (shutdown.underway()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, Uni<Health>> calls = new LinkedHashMap<>();
        Map<String, Long> backlogs = new ConcurrentHashMap<>();
        hubConfig.regions().forEach((region, endpoint) -> {
            Optional<String> url = endpoint.url().filter(u -> !u.isBlank());
            calls.put(region, url.isEmpty() ? Uni.createFrom().item(Health.NOT_CONFIGURED)
                    : ask(region, url.get(), backlogs));
        });
        Map<String, Health> health = new LinkedHashMap<>();
        if (!calls.isEmpty()) {
            List<String> order = List.copyOf(calls.keySet());
            List<Health> answers = Uni.join().all(List.copyOf(calls.values())).andFailFast()
                    .await().atMost(config.healthTimeout().plusSeconds(1));
            for (int i = 0; i < order.size(); i++) {
                health.put(order.get(i), answers.get(i));
            }
        }
        BrokerWatch.Reading reading = broker.read(hubConfig.regions().keySet());
        brokerReading = reading;
        Map<String, RegionStatus> next = new LinkedHashMap<>();
        health.forEach((region, answer) -> {
            Health before = lastHealth.put(region, answer);
            if (before != null && before != answer && (answer == Health.UNREACHABLE || before == Health.UNREACHABLE)) {
                LOG.infof("dashboard: region %s is now %s (was %s)", LogSafe.clip(region, 32), answer, before);
            }
            next.put(region, new RegionStatus(region, answer, now, reading.lastEventByRegion().get(region),
                    backlogs.get(region), reading.decisionsWaiting().get(region),
                    reading.regionDeadLetters().get(region)));
        });
        statuses = Map.copyOf(next);
    }

    /** One region's health: its status, and its outbox backlog into {@code backlogs}; UNREACHABLE on no answer. */
    private Uni<Health> ask(String region, String url, Map<String, Long> backlogs) {
        RegionHealthClient client;
        try {
            client = client(region, url);
        } catch (RuntimeException e) {
            LOG.debugf("dashboard: no health client for region %s: %s", region, e.toString());
            return Uni.createFrom().item(Health.UNREACHABLE);
        }
        return Uni.createFrom().deferred(client::health)
                .ifNoItem().after(config.healthTimeout()).fail()
                .map(response -> read(region, response, backlogs))
                .onFailure().recoverWithItem(Health.UNREACHABLE);
    }

    private Health read(String region, Response response, Map<String, Long> backlogs) {
        try (response) {
            JsonNode document = mapper.readTree(response.readEntity(String.class));
            for (JsonNode check : document.path("checks")) {
                if (OutboxReadinessCheck.NAME.equals(check.path("name").asText())
                        && check.path("data").path("backlog").canConvertToLong()) {
                    backlogs.put(region, check.path("data").path("backlog").asLong());
                }
            }
            String status = document.path("status").asText("");
            return "UP".equals(status) ? Health.UP : "DOWN".equals(status) ? Health.DOWN : Health.UNREACHABLE;
        } catch (Exception e) {
            // An answer that is no health document (a proxy's page, a wrong URL): not a region that answers.
            return response.getStatus() == 200 || response.getStatus() == 503 ? Health.DOWN : Health.UNREACHABLE;
        }
    }

    private RegionHealthClient client(String region, String url) {
        return clients.computeIfAbsent(region, r -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(Math.min(1000, config.healthTimeout().toMillis()), TimeUnit.MILLISECONDS)
                .readTimeout(config.healthTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .followRedirects(false)
                .build(RegionHealthClient.class));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(client -> {
            if (client instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debugf("closing a health client failed: %s", e.toString());
                }
            }
        });
    }
}
