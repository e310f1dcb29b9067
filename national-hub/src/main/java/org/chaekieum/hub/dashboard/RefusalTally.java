package org.chaekieum.hub.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.security.Access;
import org.chaekieum.runtime.security.TokenClaims;

/**
 * The checkouts the hub itself refuses: a region asks for a place under the national cap
 * ({@code POST /api/v1/national/loan-reservations}) and is answered {@code 409 NATIONAL_CAP_REACHED} or
 * {@code MEMBER_SUSPENDED}. Counted here, by the region that asked (its token's region claim), per Korean day, and as
 * the metric {@value #METRIC} (tags {@code code}, {@code region}). The other refusals (library cap, suspensions a
 * region decides itself, the hub unreachable) never reach the hub; the daily statistics will carry them all. Kept in
 * memory since this replica started, which the dashboard says.
 */
@Provider
@ApplicationScoped
public class RefusalTally implements ContainerResponseFilter {

    public static final String METRIC = "chaekieum.hub.reservations.refused";
    static final String RESERVATIONS = "/api/v1/national/loan-reservations";
    static final Set<String> COUNTED = Set.of(ErrorCode.NATIONAL_CAP_REACHED.name(), ErrorCode.MEMBER_SUSPENDED.name());
    private static final String ALL_REGIONS = "";

    @Inject
    SecurityIdentity identity;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private final Instant started = Instant.now();
    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

    private record Key(LocalDate day, String region, String code) {
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 409 || !"POST".equals(request.getMethod())
                || !(response.getEntity() instanceof Problem problem) || !COUNTED.contains(problem.code())
                || !RESERVATIONS.equals("/" + request.getUriInfo().getPath().replaceFirst("^/+", ""))) {
            return;
        }
        String region = identity.hasRole(Access.REGION_SERVICE)
                ? TokenClaims.text(identity, Access.REGION).orElse("?") : "?";
        count(region, problem.code());
    }

    void count(String region, String code) {
        LocalDate day = LocalDate.now(clock);
        counts.computeIfAbsent(new Key(day, region, code), k -> new AtomicLong()).incrementAndGet();
        counts.computeIfAbsent(new Key(day, ALL_REGIONS, code), k -> new AtomicLong()).incrementAndGet();
        counts.keySet().removeIf(key -> key.day().isBefore(day.minusDays(1)));
        registry.counter(METRIC, "code", code, "region", region.length() > 40 ? region.substring(0, 40) : region)
                .increment();
    }

    /** Refusals with this code on this day, in a region ({@code null}: every region). */
    public long today(LocalDate day, String region, ErrorCode code) {
        AtomicLong count = counts.get(new Key(day, region == null ? ALL_REGIONS : region, code.name()));
        return count == null ? 0 : count.get();
    }

    /** Since when this replica counts: its start. */
    public Instant countingSince() {
        return started;
    }
}
