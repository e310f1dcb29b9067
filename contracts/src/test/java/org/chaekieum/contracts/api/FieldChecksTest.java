package org.chaekieum.contracts.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.junit.jupiter.api.Test;

class FieldChecksTest {

    @Test
    void aTextUpToItsBoundPassesAndOneCharacterMoreIsTooLongWithTheBound() {
        assertThat(line("x".repeat(100), 100)).isEmpty();
        assertThat(line("x".repeat(101), 100)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("f");
            assertThat(e.code()).isEqualTo("FIELD_TOO_LONG");
            assertThat(e.message()).contains("100");
            assertThat(e.messageKo()).contains("100");
        });
    }

    @Test
    void lengthIsCountedInCharactersAsPostgresqlCountsThem() {
        assertThat(line("가".repeat(300), 300)).isEmpty();
        assertThat(line("😀".repeat(300), 300)).as("300 emoji are 600 UTF-16 units, 300 characters").isEmpty();
        assertThat(line("😀".repeat(301), 300)).extracting(FieldError::code).containsExactly("FIELD_TOO_LONG");
    }

    @Test
    void controlCharactersLoneSurrogatesAndNoncharactersAreInvalid() {
        for (String bad : List.of("a\u0000b", "a\u0001b", "a\u001Fb", "a\u007Fb", "a\u0085b", "a\uD800b", "a\uDC00",
                "a\uFFFEb", "a\uFFFF", "a\uFDD0")) {
            assertThat(line(bad, 100)).as("%s", bad.chars().boxed().toList()).extracting(FieldError::code)
                    .containsExactly("FIELD_INVALID");
            assertThat(text(bad, 100)).extracting(FieldError::code).containsExactly("FIELD_INVALID");
        }
    }

    @Test
    void tabsAndLineBreaksAreFreeTextOnly() {
        for (String multiLine : List.of("a\tb", "a\nb", "a\r\nb")) {
            assertThat(text(multiLine, 100)).isEmpty();
            assertThat(line(multiLine, 100)).extracting(FieldError::code).containsExactly("FIELD_INVALID");
        }
        assertThat(line("a\u2028b", 100)).extracting(FieldError::code).containsExactly("FIELD_INVALID");
    }

    @Test
    void ordinaryTextPasses() {
        for (String good : List.of("김책이", "서울시 중구 세종대로 110 (3층)", "O'Brien-Smith", "책😀", "👨‍👩‍👧", "Ünïcödé",
                "desk-7", "")) {
            assertThat(line(good, 100)).as(good).isEmpty();
        }
        assertThat(line(null, 1)).as("null: required or not is the caller's rule").isEmpty();
    }

    @Test
    void regionIdsAreShortPlainWords() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(FieldChecks.regionId(errors, "region", "gyeonggi-2")).isTrue();
        assertThat(FieldChecks.regionId(errors, "region", "x".repeat(41))).isFalse();
        assertThat(FieldChecks.regionId(errors, "region", "seo ul")).isFalse();
        assertThat(FieldChecks.regionId(errors, "region", " ")).isFalse();
        assertThat(errors).extracting(FieldError::code)
                .containsExactly("FIELD_TOO_LONG", "FIELD_INVALID", "FIELD_REQUIRED");
    }

    @Test
    void timestampsAndDatesStayWithinTheCentury() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(FieldChecks.instant(errors, "at", Instant.parse("2030-01-05T09:00:00Z"))).isTrue();
        assertThat(FieldChecks.instant(errors, "at", Instant.MAX)).isFalse();
        assertThat(FieldChecks.instant(errors, "at", Instant.parse("0001-01-01T00:00:00Z"))).isFalse();
        assertThat(FieldChecks.date(errors, "on", LocalDate.of(2099, 12, 31))).isTrue();
        assertThat(FieldChecks.date(errors, "on", LocalDate.MAX)).isFalse();
        assertThat(FieldChecks.date(errors, "on", LocalDate.of(1, 1, 1))).isFalse();
        assertThat(errors).hasSize(4).extracting(FieldError::code).containsOnly("FIELD_INVALID");
    }

    @Test
    void anIdempotencyKeyIsShortPrintableAscii() {
        assertThat(IdempotencyKey.check(null)).isEmpty();
        assertThat(IdempotencyKey.check(List.of("3f1c7a2e-0b7d-4c43-9d59-7c1c2b9f0e11"))).isEmpty();
        assertThat(IdempotencyKey.check(List.of("k".repeat(128)))).isEmpty();
        assertThat(IdempotencyKey.check(List.of("k".repeat(129)))).singleElement()
                .satisfies(e -> assertThat(e).extracting(FieldError::field, FieldError::code)
                        .containsExactly("Idempotency-Key", "FIELD_TOO_LONG"));
        for (String bad : List.of("", " ", "a b", "키", "a\u0000", "a\tb")) {
            assertThat(IdempotencyKey.check(List.of(bad))).as(bad).extracting(FieldError::code)
                    .containsExactly("FIELD_INVALID");
        }
    }

    private static List<FieldError> line(String value, int max) {
        List<FieldError> errors = new ArrayList<>();
        FieldChecks.line(errors, "f", value, max);
        return errors;
    }

    private static List<FieldError> text(String value, int max) {
        List<FieldError> errors = new ArrayList<>();
        FieldChecks.text(errors, "f", value, max);
        return errors;
    }
}
