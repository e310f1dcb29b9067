package org.chaekieum.adapter.sip2;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.adapter.kiosk.KioskAccount;

/** Counts connections in all and per kiosk login, against their limits. */
@ApplicationScoped
public class KioskConnections {

    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perKiosk = new ConcurrentHashMap<>();
    private final Map<Sip2Session, String> holders = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry metrics;

    @PostConstruct
    void gauges() {
        metrics.gauge("chaekieum.sip2.connections", open);
    }

    /** A new TCP connection; false when the gateway already holds its maximum. */
    boolean opened(int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void closed(Sip2Session session) {
        open.decrementAndGet();
        release(session);
    }

    /** A login on a connection; false when the kiosk already holds its maximum of logged-in connections. */
    boolean admit(Sip2Session session, KioskAccount account) {
        String previous = holders.get(session);
        if (account.login().equals(previous)) {
            return true;
        }
        release(session);
        AtomicInteger count = perKiosk.computeIfAbsent(account.login(), login -> new AtomicInteger());
        if (count.incrementAndGet() > account.maxConnections()) {
            count.decrementAndGet();
            return false;
        }
        holders.put(session, account.login());
        return true;
    }

    void release(Sip2Session session) {
        String login = holders.remove(session);
        if (login != null) {
            perKiosk.get(login).decrementAndGet();
        }
    }

    public int open() {
        return open.get();
    }
}
