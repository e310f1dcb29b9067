package org.chaekieum.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.envelope;
import static org.chaekieum.hub.support.TestEvents.newNumber;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.event.MemberSuspensionLifted;
import org.chaekieum.contracts.event.SuspensionChanged;
import org.chaekieum.hub.support.RegionEvents;
import org.chaekieum.hub.support.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * member.suspension-lifted naming a library (a library system's lift, e.g. KOLAS III's 회원상태=0) ends only the
 * suspension that library set; without a library (an operator's lift, and every event written before the field
 * existed) it ends those set by every library of the region, as before. Real PostgreSQL and Kafka.
 */
@QuarkusTest
class SuspensionLiftByLibraryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = TestEvents.today();

    private static RegionEvents region;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void clients() {
        region = RegionEvents.open();
    }

    @AfterAll
    static void close() {
        region.close();
    }

    @Test
    void aLiftNamingALibraryEndsThatLibrarysSuspensionOnlyAndEveryRegionIsToldTheOneLeft() throws Exception {
        String member = newNumber();
        suspendedBySeoulsTwoLibraries(member);

        send(new MemberSuspensionLifted(member, "seoul", "paid", Instant.now(), "111001"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(told(member)).hasSize(3));
        assertThat(settingLibraries(member)).containsExactly("111002");
        SuspensionChanged after = told(member).get(2);
        assertThat(after.suspendedUntil()).isEqualTo(TODAY.plusDays(4));
        assertThat(after.setByLibrary()).isEqualTo("111002");

        // A library naming a suspension it did not set (here: already lifted) lifts nothing else.
        send(new MemberSuspensionLifted(member, "seoul", "paid again", Instant.now(), "111001"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(told(member)).hasSize(4));
        assertThat(settingLibraries(member)).containsExactly("111002");
        assertThat(told(member).get(3).setByLibrary()).isEqualTo("111002");
        assertThat(told(member).get(3).suspendedUntil()).isEqualTo(TODAY.plusDays(4));
    }

    @Test
    void aLiftWithoutALibraryEndsEverySuspensionSetInTheRegionAsBefore() throws Exception {
        String member = newNumber();
        suspendedBySeoulsTwoLibraries(member);

        send(new MemberSuspensionLifted(member, "seoul", "waived", Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(told(member)).hasSize(3));
        assertThat(settingLibraries(member)).isEmpty();
        assertThat(told(member).get(2).suspendedUntil()).isNull();
        assertThat(told(member).get(2).setByLibrary()).isNull();
    }

    @Test
    void anEventWrittenBeforeTheFieldExistedIsTheRegionWideLift() throws Exception {
        String member = newNumber();
        suspendedBySeoulsTwoLibraries(member);

        EventEnvelope old = envelope(new MemberSuspensionLifted(member, "seoul", "waived", Instant.now()));
        ((ObjectNode) old.data()).remove("libraryCode");
        assertThat(TestEvents.CODEC.write(old)).doesNotContain("libraryCode");
        region.send(old);
        await().atMost(WAIT).untilAsserted(() -> assertThat(told(member)).hasSize(3));
        assertThat(settingLibraries(member)).isEmpty();
        assertThat(told(member).get(2).suspendedUntil()).isNull();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** 111001 (7 days) and 111002 (4 days), both Seoul's; the regions are told 111001's twice (the longest). */
    private void suspendedBySeoulsTwoLibraries(String member) throws Exception {
        send(new MemberSuspended(member, TODAY.plusDays(7), "111001", "Late return at 111001", Instant.now(), "seoul"));
        send(new MemberSuspended(member, TODAY.plusDays(4), "111002", "Set by the library: lost item", Instant.now(),
                "seoul"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(told(member)).hasSize(2));
        assertThat(settingLibraries(member)).containsExactly("111001", "111002");
        assertThat(told(member)).extracting(SuspensionChanged::setByLibrary).containsExactly("111001", "111001");
    }

    private static void send(Object payload) {
        region.send(envelope(payload));
    }

    /** What the hub told the regions about the member's suspension, in order. */
    private static List<SuspensionChanged> told(String member) {
        return region.decisions().envelopes(member).stream()
                .filter(e -> e.type().equals(EventType.SUSPENSION_CHANGED.ceType()))
                .map(e -> TestEvents.CODEC.payload(e, SuspensionChanged.class))
                .toList();
    }

    /** The libraries whose suspension of the member the hub holds, in order. */
    private List<String> settingLibraries(String member) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select set_by_library from national_suspension "
                     + "where member_number = ? order by set_by_library")) {
            s.setString(1, member);
            try (ResultSet r = s.executeQuery()) {
                List<String> libraries = new ArrayList<>();
                while (r.next()) {
                    libraries.add(r.getString(1).trim());
                }
                return libraries;
            }
        }
    }
}
