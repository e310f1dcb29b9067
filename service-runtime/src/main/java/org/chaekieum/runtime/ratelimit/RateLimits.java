package org.chaekieum.runtime.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The token buckets of the rate limits ({@link RateLimited}), one per limit and caller, in this replica's memory: a
 * caller takes one token per call; an empty bucket refuses until its refill brings the next one. Buckets are held in a
 * bounded cache per limit ({@link RateLimitConfig.Limit#maxClients()}), and a bucket unused for its refill period (so
 * full again) is forgotten. Refusals are counted per limit ({@code chaekieum.rate.limit.refused}, tag {@code limit};
 * never the client), from 0 at start for every configured limit.
 */
@Singleton
@Startup
public class RateLimits {

    static final String REFUSED_METRIC = "chaekieum.rate.limit.refused";
    private static final Logger LOG = Logger.getLogger(RateLimits.class);

    /** Who a bucket belongs to: a client (its client id), at one library it acts for or (null) as a whole. */
    public record Caller(String client, String library) {
    }

    /** A limit's buckets, its refusal counter, and the callers whose refusal was logged in this refill period. */
    private record Limiter(RateLimitConfig.Limit limit, Cache<Caller, Bucket> buckets, Counter refused,
                           Cache<Caller, Boolean> warned) {
    }

    @Inject
    RateLimitConfig config;

    @Inject
    TimeMeter time;

    @Inject
    MeterRegistry registry;

    private final Map<String, Limiter> limiters = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        config.limits().keySet().forEach(this::limiter);
    }

    /**
     * Takes one call from the caller's bucket of this limit: 0 when the call may go on, otherwise the seconds until
     * the bucket holds a token again (at least 1).
     */
    public long take(String limit, Caller caller) {
        Limiter limiter = limiter(limit);
        Bucket bucket = limiter.buckets().get(caller, key -> newBucket(limiter.limit(), key.client()));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        limiter.refused().increment();
        if (limiter.warned().asMap().putIfAbsent(caller, Boolean.TRUE) == null) {
            // Once per caller and refill period: the operator learns who (the metric names no client), and a script
            // trying numbers does not flood the log.
            LOG.warnf("client %s%s exceeded rate limit %s (%d calls per %s): refused with 429 until its bucket "
                            + "refills; further refusals of this client are counted, not logged, for %s", caller.client(),
                    caller.library() == null ? "" : " at library " + caller.library(), limit,
                    limiter.limit().clientCapacity().getOrDefault(caller.client(), limiter.limit().capacity()),
                    limiter.limit().refillPeriod(), limiter.limit().refillPeriod());
        }
        long nanos = probe.getNanosToWaitForRefill();
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** The buckets of a limit held now, after pending evictions. */
    long buckets(String limit) {
        Cache<Caller, Bucket> buckets = limiter(limit).buckets();
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Limiter limiter(String name) {
        return limiters.computeIfAbsent(name, n -> {
            RateLimitConfig.Limit limit = config.limits().get(n);
            if (limit.capacity() < 1 || limit.refillPeriod().isZero() || limit.refillPeriod().isNegative()
                    || limit.maxClients() < 1 || limit.clientCapacity().values().stream().anyMatch(c -> c < 1)) {
                throw new IllegalStateException("chaekieum.rate-limit.\"" + n + "\": capacity, refill-period, "
                        + "max-clients and client-capacity must be positive");
            }
            if (!config.limits().containsKey(n)) {
                LOG.warnf("rate limit %s has no settings (chaekieum.rate-limit.\"%s\".*): %d calls per %s", n, n,
                        limit.capacity(), limit.refillPeriod());
            }
            Cache<Caller, Bucket> buckets = Caffeine.newBuilder()
                    .maximumSize(limit.maxClients())
                    .expireAfterAccess(limit.refillPeriod())
                    .build();
            Counter refused = Counter.builder(REFUSED_METRIC)
                    .description("Calls refused with 429 RATE_LIMITED because a client exceeded this limit")
                    .tag("limit", n)
                    .register(registry);
            Cache<Caller, Boolean> warned = Caffeine.newBuilder()
                    .maximumSize(limit.maxClients())
                    .expireAfterWrite(limit.refillPeriod())
                    .build();
            return new Limiter(limit, buckets, refused, warned);
        });
    }

    /** A bucket of the limit's capacity, or of the client's own ({@code client-capacity."<client>"}). */
    private Bucket newBucket(RateLimitConfig.Limit limit, String client) {
        long capacity = limit.clientCapacity().getOrDefault(client, limit.capacity());
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(capacity).refillGreedy(capacity, limit.refillPeriod()))
                .withCustomTimePrecision(time)
                .build();
    }
}
