package org.chaekieum.region.circulation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.runtime.outbox.Outbox;
import org.jboss.logging.Logger;

/**
 * Announces a checkout that a circulation rule refused ({@code checkout.refused.v1}), so that the hub can count
 * refusals by reason per library and day. The hub sees the national cap's refusals only as answers to reservations,
 * and most others never: the region, which gives every refusal to the desk, is the one place that sees them all once.
 *
 * <p>Announced: the rules about the member borrowing here ({@link #ANNOUNCED}), whether this region's rules decided
 * (library cap, suspension, associate, import, not active), the hub did (national cap, a suspension set in another
 * region) or the degraded rule did while the hub was away ({@code NATIONAL_CAP_UNVERIFIABLE}). Not announced: a
 * malformed request, a library or member this region does not know, an item problem (on loan, held by another
 * library), a repeated Idempotency-Key, a refused token: none of them is a decision of the rules.
 *
 * <p>Written through the outbox in a short transaction of its own once the checkout has been refused (the checkout
 * itself wrote nothing). If that write fails, the refusal is still answered to the desk and the statistics miss it
 * (logged, counted in {@code chaekieum.checkouts.refusals.unannounced}): a refusal never becomes a 500. Each refused
 * request is one refusal: a desk or kiosk that sends the same refused checkout again (even with the same
 * Idempotency-Key, since refusals are not saved as answers) is refused, and counted, again.
 */
@ApplicationScoped
public class CheckoutRefusals {

    private static final Logger LOG = Logger.getLogger(CheckoutRefusals.class);

    /** The refusals of the circulation rules, each announced with its code as the reason. */
    public static final Set<ErrorCode> ANNOUNCED = EnumSet.of(ErrorCode.NATIONAL_CAP_REACHED,
            ErrorCode.LIBRARY_CAP_REACHED, ErrorCode.MEMBER_SUSPENDED, ErrorCode.NATIONAL_CAP_UNVERIFIABLE,
            ErrorCode.ASSOCIATE_CANNOT_BORROW, ErrorCode.IMPORT_REQUIRED, ErrorCode.MEMBER_NOT_ACTIVE);

    @Inject
    Outbox outbox;

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    /**
     * Announces the refusal when its code is a rule's ({@link #ANNOUNCED}); does nothing for any other code. The
     * library and member number were checked before any rule ran.
     */
    public void refused(String libraryCode, String memberNumber, ErrorCode code) {
        if (!ANNOUNCED.contains(code)) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.append(new CheckoutRefused(memberNumber, libraryCode,
                    region.id(), code.name(), clock.instant())));
            registry.counter("chaekieum.checkouts.refusals", "reason", code.name()).increment();
        } catch (RuntimeException e) {
            registry.counter("chaekieum.checkouts.refusals.unannounced").increment();
            LOG.errorf("refusal %s of a checkout at %s could not be announced to the hub's statistics: %s", code,
                    libraryCode, e.toString());
        }
    }
}
