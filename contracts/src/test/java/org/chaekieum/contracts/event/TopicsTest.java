package org.chaekieum.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void eachRegionHasAMemberEventsTopicOfItsOwn() {
        assertThat(Topics.memberEventsOf("seoul")).isEqualTo("chaekieum.member-events.v1.seoul");
        assertThat(Topics.regionOfMemberEvents("chaekieum.member-events.v1.gyeonggi")).contains("gyeonggi");
        assertThat(Topics.regionOfMemberEvents("chaekieum.member-events.v1.north-2")).contains("north-2");
    }

    @Test
    void theSharedTopicTheDeadLettersAndOtherTopicsNameNoRegion() {
        assertThat(Topics.regionOfMemberEvents(Topics.MEMBER_EVENTS)).isEmpty();
        assertThat(Topics.regionOfMemberEvents(Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX)).isEmpty();
        assertThat(Topics.regionOfMemberEvents(Topics.NATIONAL_DECISIONS)).isEmpty();
        assertThat(Topics.regionOfMemberEvents("chaekieum.member-events.v1.seoul.x")).isEmpty();
        assertThat(Topics.regionOfMemberEvents("chaekieum.member-events.v1.Seoul")).isEmpty();
        assertThat(Topics.regionOfMemberEvents(null)).isEmpty();
    }

    @Test
    void theHubsSubscriptionMatchesEveryRegionsTopicAndNothingElse() {
        Pattern every = Pattern.compile(Topics.MEMBER_EVENTS_OF_EVERY_REGION);
        assertThat(every.matcher("chaekieum.member-events.v1.seoul").matches()).isTrue();
        assertThat(every.matcher("chaekieum.member-events.v1.dlq").matches()).isFalse();
        assertThat(every.matcher("chaekieum.member-events.v1.dlqx").matches()).isTrue();
        assertThat(every.matcher(Topics.MEMBER_EVENTS).matches()).isFalse();
        assertThat(every.matcher(Topics.NATIONAL_DECISIONS).matches()).isFalse();
    }

    @Test
    void theHubReadsEveryRegionsTopicAndTheSharedOneButNoDeadLetters() {
        Pattern read = Pattern.compile(Topics.MEMBER_EVENTS_SUBSCRIPTION);
        for (String topic : new String[] {"chaekieum.member-events.v1.seoul", Topics.MEMBER_EVENTS}) {
            assertThat(read.matcher(topic).matches()).as(topic).isTrue();
            assertThat(Topics.isMemberEvents(topic)).as(topic).isTrue();
        }
        for (String topic : new String[] {"chaekieum.member-events.v1.dlq", Topics.NATIONAL_DECISIONS,
                "chaekieum.national-decisions.v1.dlq.seoul", "chaekieum.member-events.v10.seoul"}) {
            assertThat(read.matcher(topic).matches()).as(topic).isFalse();
            assertThat(Topics.isMemberEvents(topic)).as(topic).isFalse();
        }
    }

    @Test
    void figuresOfEveryRegionsTopicAreReportedUnderTheMemberEvents() {
        assertThat(Topics.reportedAs("chaekieum.member-events.v1.seoul")).isEqualTo(Topics.MEMBER_EVENTS);
        assertThat(Topics.reportedAs(Topics.MEMBER_EVENTS)).isEqualTo(Topics.MEMBER_EVENTS);
        assertThat(Topics.reportedAs(Topics.NATIONAL_DECISIONS)).isEqualTo(Topics.NATIONAL_DECISIONS);
    }

    @Test
    void aTopicIsNeverMadeForSomethingThatIsNotARegionId() {
        assertThatThrownBy(() -> Topics.memberEventsOf("dlq")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.memberEventsOf("seoul.x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.memberEventsOf(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
