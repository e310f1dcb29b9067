package org.chaekieum.adapter.sip2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Sip2FrameTest {

    /** A checkout (11): SC renewal policy, no block, transaction date, nb due date, then AO/AA/AB/AC fields. */
    private static final String CHECKOUT_BODY = "11YN20261123    101500                  AO111001|AA11100126000015|AB$111001EM0000012345|AC|";

    @Test
    void readsCheckoutFieldsWithErrorDetection() {
        String raw = Sip2Frame.withErrorDetection(CHECKOUT_BODY, 3);

        Sip2Frame frame = Sip2Frame.parse(raw, 38);

        assertThat(frame.command()).isEqualTo("11");
        assertThat(frame.sequence()).isEqualTo(3);
        assertThat(frame.field("AO")).contains("111001");
        assertThat(frame.field("AA")).contains("11100126000015");
        assertThat(frame.field("AB")).contains("$111001EM0000012345");
        assertThat(frame.field("AC")).contains("");
    }

    @Test
    void checksumMakesTheCharacterSumZero() {
        String head = CHECKOUT_BODY + "AY3AZ";
        String checksum = Sip2Frame.checksum(head);
        int sum = 0;
        for (char c : head.toCharArray()) {
            sum += c;
        }
        assertThat((sum + Integer.parseInt(checksum, 16)) & 0xFFFF).isZero();
    }

    @Test
    void refusesAFrameWhoseChecksumIsWrong() {
        String raw = Sip2Frame.withErrorDetection(CHECKOUT_BODY, 3);
        String corrupted = raw.replace("AA11100126000015", "AA11100126000016");
        assertThatThrownBy(() -> Sip2Frame.parse(corrupted, 38)).hasMessageContaining("checksum");
    }

    @Test
    void readsFramesWithoutErrorDetection() {
        Sip2Frame frame = Sip2Frame.parse(CHECKOUT_BODY + "\r", 38);
        assertThat(frame.sequence()).isNull();
        assertThat(frame.field("AB")).contains("$111001EM0000012345");
    }
}
