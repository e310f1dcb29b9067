package org.chaekieum.hub.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanOverdue;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.LoanTransitChanged;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.contracts.event.MemberLinked;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.contracts.event.RightsHeld;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.hub.config.HubConfig;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.runtime.messaging.WrongSenderException;

/**
 * Binds a member event to the only principal that could have written it. The broker lets region {@code r} write
 * only {@code chaekieum.member-events.v1.r} ({@link Topics#memberEventsOf}), so the topic proves the sender; the
 * event must then be of that region throughout: its CloudEvents source {@code /chaekieum/regions/r}, the region its
 * payload names, and the region of every library it names (by the library code's region digits,
 * {@code chaekieum.hub.regions."r".library-region-code}). A library whose digits no region claims fails the check
 * (fail closed), as does a topic of a region the hub is not configured with. Records of the shared pre-upgrade topic
 * name no writer and are not checked: the broker lets nobody write it any more.
 */
@ApplicationScoped
public class EventSenders {

    static final String SOURCE_PREFIX = "/chaekieum/regions/";

    @Inject
    LibraryRegions libraries;

    @Inject
    HubConfig config;

    /** Throws {@link WrongSenderException} unless the record's topic could have carried this event. */
    public void check(String topic, EventEnvelope envelope, EventPayload payload) {
        Optional<String> sender = Topics.regionOfMemberEvents(topic);
        if (sender.isEmpty()) {
            return;
        }
        String region = sender.get();
        if (!config.regions().containsKey(region)) {
            throw new WrongSenderException("topic " + topic + " is of region " + region
                    + ", which this hub is not configured with");
        }
        if (!(SOURCE_PREFIX + region).equals(envelope.source())) {
            throw new WrongSenderException("event " + envelope.id() + " on " + topic + " has the source "
                    + clip(envelope.source()) + ", not " + SOURCE_PREFIX + region);
        }
        if (payload == null) {
            return; // a type this hub does not know: nothing is applied
        }
        Named named = named(payload);
        if (named.region != null && !region.equals(named.region)) {
            throw new WrongSenderException("event " + envelope.id() + " on " + topic + " names the region "
                    + clip(named.region));
        }
        for (String library : named.libraries) {
            Optional<String> of = libraries.regionOf(library);
            if (!of.equals(sender)) {
                throw new WrongSenderException("event " + envelope.id() + " on " + topic + " names the library "
                        + clip(library) + (of.isPresent() ? " of region " + of.get() : " of no known region"));
            }
        }
    }

    /** The region and the libraries (of the sender's own) that an event names. */
    private record Named(String region, List<String> libraries) {
        static Named of(String region, String... libraries) {
            List<String> named = new ArrayList<>();
            for (String library : libraries) {
                if (library != null) {
                    named.add(library);
                }
            }
            return new Named(region, named);
        }
    }

    /**
     * The sender's own: the lending library of a loan event (a return at another region's library is routed to the
     * lending region, which ends the loan and announces it), the library that enrolled, imported, suspended or lifted.
     * The issuing library of a number and the library an item was given back at may be of any region.
     */
    private static Named named(EventPayload payload) {
        if (payload instanceof MemberEnrolled e) {
            return Named.of(e.region(), e.libraryCode());
        } else if (payload instanceof MemberLinked e) {
            return Named.of(e.region());
        } else if (payload instanceof MemberUpdated e) {
            return Named.of(e.region());
        } else if (payload instanceof MemberSuspended e) {
            return Named.of(e.region(), e.setByLibrary());
        } else if (payload instanceof MemberSuspensionLifted e) {
            return Named.of(e.region(), e.libraryCode());
        } else if (payload instanceof MemberImported e) {
            return Named.of(e.region(), e.libraryCode());
        } else if (payload instanceof LoanCreated e) {
            return Named.of(e.region(), e.libraryCode());
        } else if (payload instanceof LoanRenewed e) {
            return Named.of(null, e.libraryCode());
        } else if (payload instanceof LoanOverdue e) {
            return Named.of(null, e.libraryCode());
        } else if (payload instanceof LoanReturned e) {
            return Named.of(null, e.libraryCode());
        } else if (payload instanceof LoanTransitChanged e) {
            return Named.of(null, e.libraryCode());
        } else if (payload instanceof CheckoutRefused e) {
            return Named.of(e.region(), e.libraryCode());
        } else if (payload instanceof RightsHeld e) {
            return Named.of(e.region());
        }
        // A decision of the hub's own (MemberChanged, SuspensionChanged, ...) on a region's topic: no region sends it.
        throw new WrongSenderException("a " + payload.getClass().getSimpleName() + " is the hub's, not a region's");
    }

    private static String clip(String text) {
        String value = Objects.toString(text);
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
