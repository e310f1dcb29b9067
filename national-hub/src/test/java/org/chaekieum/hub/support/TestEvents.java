package org.chaekieum.hub.support;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.hub.suspensions.SuspensionRegistry;

/** Test data: fresh member numbers and identity hashes, and region-side envelopes. */
public final class TestEvents {

    public static final String LIBRARY = "111001";
    /** The CloudEvents source of Seoul's events (the region of {@link #LIBRARY}). */
    public static final String REGION_SOURCE = sourceOf("seoul");
    /** The region digits of the test configuration's regions (chaekieum.hub.regions."<id>".library-region-code). */
    private static final Map<String, String> REGION_OF_DIGITS = Map.of("11", "seoul", "41", "gyeonggi", "31", "ulsan",
            "21", "busan", "61", "jeju", "22", "daegu", "23", "incheon", "24", "gwangju", "25", "daejeon");
    public static final EventCodec CODEC = new EventCodec();
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private TestEvents() {
    }

    /**
     * Today in Korea as the hub counts it. The hub reads the wall clock (not an injected Clock), so its tests cannot
     * pin the day; every suspension they send ends two days or more after this day, which the hub still counts as
     * running should midnight pass during a test, and a test that expects a date sent back takes this day once.
     */
    public static LocalDate today() {
        return LocalDate.now(SuspensionRegistry.ZONE);
    }

    public static String newNumber() {
        return UnifiedMemberNumber.issue(LibraryCode.of(LIBRARY), 24, SERIAL.incrementAndGet()).value();
    }

    public static String newNumber(String library) {
        return UnifiedMemberNumber.issue(LibraryCode.of(library), 24, SERIAL.incrementAndGet()).value();
    }

    public static String newIdentityHash() {
        return "h" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    /** The same number with a wrong last digit. */
    public static String withWrongCheckDigit(String number) {
        return number.substring(0, 13) + ((number.charAt(13) - '0' + 1) % 10);
    }

    /**
     * A region's enrollment: at the number's issuing library when it is of that region, else at the region's library
     * {@code 1<digits>001} (a person may have been issued a number elsewhere and join here).
     */
    public static MemberEnrolled enrolled(String number, String identityHash, String region, MemberStatus status) {
        return new MemberEnrolled(number, NumberForm.CHECK_DIGIT, number.substring(0, 6), libraryOf(region, number),
                region, identityHash, MemberCategory.FULL, status, Instant.now());
    }

    /** The number's issuing library when it is of the region, else the region's library 1<digits>001. */
    public static String libraryOf(String region, String number) {
        String issuing = number.length() >= 6 ? number.substring(0, 6) : LIBRARY;
        if (issuing.length() == 6 && region.equals(REGION_OF_DIGITS.get(issuing.substring(1, 3)))) {
            return issuing;
        }
        return REGION_OF_DIGITS.entrySet().stream().filter(e -> e.getValue().equals(region))
                .map(e -> "1" + e.getKey() + "001").findFirst().orElse(issuing);
    }

    /** The payload in the envelope of the region that sends it ({@link #senderOf}), stamped now. */
    public static EventEnvelope envelope(Object payload) {
        return CODEC.envelope(sourceOf(senderOf(payload)), (EventPayload) payload, Instant.now());
    }

    /** The CloudEvents source of a region's events. */
    public static String sourceOf(String region) {
        return "/chaekieum/regions/" + region;
    }

    /**
     * The region that sends an event, as the federation does: the region the payload names, else the region of the
     * (lending, enrolling, ...) library it names; Seoul when it names neither.
     */
    public static String senderOf(Object payload) {
        String region = component(payload, "region");
        if (region != null) {
            return region;
        }
        String library = component(payload, "libraryCode");
        return library != null && library.length() == 6 ? REGION_OF_DIGITS.getOrDefault(library.substring(1, 3), "seoul")
                : "seoul";
    }

    /** The region whose topic carries an envelope: the one its source names (Seoul for any other source). */
    public static String regionOf(EventEnvelope envelope) {
        String prefix = sourceOf("");
        String source = envelope.source();
        return source != null && source.startsWith(prefix) && source.length() > prefix.length()
                && Topics.regionOfMemberEvents(Topics.MEMBER_EVENTS + "." + source.substring(prefix.length())).isPresent()
                ? source.substring(prefix.length()) : "seoul";
    }

    private static String component(Object payload, String name) {
        if (payload instanceof Record) {
            for (RecordComponent component : payload.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    try {
                        Object value = component.getAccessor().invoke(payload);
                        return value == null ? null : value.toString();
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return null;
    }
}
