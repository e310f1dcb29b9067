package org.chaekieum.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
    void refusesUnknownTypes() {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"org.chaekieum.unknown.v9",
                 "time":"2026-11-23T00:00:00Z","data":{}}""";
        assertThatThrownBy(() -> codec.payload(codec.read(json))).isInstanceOf(EventCodec.UnreadableEventException.class);
    }
}
