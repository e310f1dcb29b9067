package org.chaekieum.hub.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.hub.suspensions.SuspensionRegistry;

/** Test data: fresh member numbers and identity hashes, and region-side envelopes. */
public final class TestEvents {

    public static final String LIBRARY = "111001";
    public static final String REGION_SOURCE = "/chaekieum/region/seoul";
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

    public static MemberEnrolled enrolled(String number, String identityHash, String region, MemberStatus status) {
        return new MemberEnrolled(number, NumberForm.CHECK_DIGIT, number.substring(0, 6), number.substring(0, 6), region,
                identityHash, MemberCategory.FULL, status, Instant.now());
    }

    public static EventEnvelope envelope(Object payload) {
        return CODEC.envelope(REGION_SOURCE, (EventPayload) payload, Instant.now());
    }
}
