package org.chaekieum.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.id.NumberForm;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void writesCloudEventsAttributesWithVersionedTypeAndMemberNumberSubject() {
        MemberEnrolled payload = new MemberEnrolled("12345624000015", NumberForm.CHECK_DIGIT, "123456", "123456", "seoul",
                "hash", MemberCategory.FULL, MemberStatus.NORMAL, Instant.parse("2026-11-23T01:02:03Z"));

        EventEnvelope envelope = codec.envelope("/chaekieum/regions/seoul", payload, Instant.parse("2026-11-23T01:02:03Z"));
        String json = codec.write(envelope);

        assertThat(json).contains("\"specversion\":\"1.0\"", "\"type\":\"org.chaekieum.member.enrolled.v1\"",
                "\"subject\":\"12345624000015\"", "\"source\":\"/chaekieum/regions/seoul\"");
        EventEnvelope read = codec.read(json);
        assertThat(codec.typeOf(read)).isEqualTo(EventType.MEMBER_ENROLLED);
        assertThat(codec.payload(read)).isEqualTo(payload);
    }

    @Test
    void toleratesUnknownFieldsButRefusesMissingRequiredOnes() {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"org.chaekieum.member.linked.v1",
                 "time":"2026-11-23T00:00:00Z","subject":"12345624000015","future":"ignored",
                 "data":{"memberNumber":"12345624000015","linkedTo":"11100126000011","region":"seoul",
                         "linkedAt":"2026-11-23T00:00:00Z","addedLater":42}}""";
        assertThat(codec.payload(codec.read(json))).isInstanceOf(MemberLinked.class);

        String missing = json.replace("\"linkedTo\":\"11100126000011\",", "");
        assertThatThrownBy(() -> codec.payload(codec.read(missing)))
                .isInstanceOf(EventCodec.UnreadableEventException.class)
                .hasMessageContaining("linkedTo");
    }

    @Test
    void aSuspensionLiftWithoutALibraryIsStillReadAsTheRegionWideLift() {
        String old = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"org.chaekieum.member.suspension-lifted.v1",
                 "time":"2026-11-23T00:00:00Z","subject":"12345624000015",
                 "data":{"memberNumber":"12345624000015","region":"seoul","reason":"waived",
                         "liftedAt":"2026-11-23T00:00:00Z"}}""";
        MemberSuspensionLifted read = codec.payload(codec.read(old), MemberSuspensionLifted.class);
        assertThat(read).isEqualTo(new MemberSuspensionLifted("12345624000015", "seoul", "waived",
                Instant.parse("2026-11-23T00:00:00Z")));
        assertThat(read.libraryCode()).isNull();

        MemberSuspensionLifted byLibrary = new MemberSuspensionLifted("12345624000015", "seoul", "paid",
                Instant.parse("2026-11-23T00:00:00Z"), "111003");
        EventEnvelope envelope = codec.envelope("/chaekieum/regions/seoul", byLibrary,
                Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(codec.write(envelope)).contains("\"libraryCode\":\"111003\"");
        assertThat(codec.payload(codec.read(codec.write(envelope)))).isEqualTo(byLibrary);
    }

    @Test
    void aRenewalWithoutItsLibraryIsStillReadAndTheStatisticsEventsGoToTheMemberEventsTopic() {
        String old = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"org.chaekieum.loan.renewed.v1",
                 "time":"2026-11-23T00:00:00Z","subject":"12345624000015",
                 "data":{"loanId":"l1","memberNumber":"12345624000015","dueOn":"2026-12-07","renewals":1,
                         "renewedAt":"2026-11-23T00:00:00Z"}}""";
        assertThat(codec.payload(codec.read(old), LoanRenewed.class).libraryCode()).isNull();

        Instant at = Instant.parse("2026-11-23T01:02:03Z");
        for (EventPayload payload : new EventPayload[] {
                new CheckoutRefused("12345624000015", "123456", "seoul", "LIBRARY_CAP_REACHED", at),
                new MemberImported("12345624000015", "141001", "gyeonggi", false, at),
                new LoanRenewed("l1", "12345624000015", LocalDate.of(2026, 12, 7), 1, at, "123456")}) {
            EventEnvelope envelope = codec.envelope("/chaekieum/regions/seoul", payload, at);
            assertThat(envelope.subject()).isEqualTo("12345624000015");
            assertThat(EventType.of(payload.getClass()).topic()).isEqualTo(Topics.MEMBER_EVENTS);
            assertThat(codec.payload(codec.read(codec.write(envelope)))).isEqualTo(payload);
        }
        String noReason = """
                {"specversion":"1.0","id":"e2","source":"/x","type":"org.chaekieum.checkout.refused.v1",
                 "time":"2026-11-23T00:00:00Z","subject":"12345624000015",
                 "data":{"memberNumber":"12345624000015","libraryCode":"123456","region":"seoul",
                         "refusedAt":"2026-11-23T00:00:00Z"}}""";
        assertThatThrownBy(() -> codec.payload(codec.read(noReason)))
                .isInstanceOf(EventCodec.UnreadableEventException.class).hasMessageContaining("reason");
    }

    @Test
    void refusesUnknownTypes() {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"org.chaekieum.unknown.v9",
                 "time":"2026-11-23T00:00:00Z","data":{}}""";
        assertThatThrownBy(() -> codec.payload(codec.read(json))).isInstanceOf(EventCodec.UnreadableEventException.class);
    }
}
