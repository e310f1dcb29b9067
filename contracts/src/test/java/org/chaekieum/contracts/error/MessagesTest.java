package org.chaekieum.contracts.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.chaekieum.contracts.api.Problem;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Pattern PLAIN_PLACEHOLDER = Pattern.compile("[0-9]+");

    private final Properties en = load("messages.properties");
    private final Properties ko = load("messages_ko.properties");

    @Test
    void everyCodeHasItsMessageInBothLanguages() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(en.getProperty(code.name())).as("English message of %s", code).isNotBlank();
            assertThat(ko.getProperty(code.name())).as("Korean message of %s", code).isNotBlank();
        }
    }

    @Test
    void bothFilesHoldTheSameKeys() {
        assertThat(ko.stringPropertyNames()).as("keys of messages_ko.properties")
                .containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void everyDetailBelongsToAnExistingCode() {
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
        for (String key : en.stringPropertyNames()) {
            String code = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            assertThat(codes).as("code of key %s", key).contains(code);
            if (key.contains(".")) {
                assertThat(key.substring(key.indexOf('.') + 1)).as("detail name of %s", key).matches("[a-z0-9-]+");
            }
        }
    }

    @Test
    void bothLanguagesTakeTheSameValues() {
        for (String key : en.stringPropertyNames()) {
            assertThat(placeholders(key, ko.getProperty(key, ""))).as("placeholders of %s in Korean", key)
                    .isEqualTo(placeholders(key, en.getProperty(key)));
        }
    }

    /** MessageFormat drops a lone quote of a pattern with arguments; a text without arguments is used as it is. */
    @Test
    void quotesAreWrittenAsTheTextIsRendered() {
        for (Properties texts : new Properties[] {en, ko}) {
            for (String key : texts.stringPropertyNames()) {
                String text = texts.getProperty(key);
                if (Messages.PLACEHOLDER.matcher(text).find()) {
                    assertThat(text.replace("''", "")).as("lone quote in %s: %s", key, text).doesNotContain("'");
                } else {
                    assertThat(text).as("doubled quote in %s, a text without arguments: %s", key, text)
                            .doesNotContain("''").doesNotContain("{").doesNotContain("}");
                }
            }
        }
    }

    @Test
    void codeMessagesReadAsTheyAre() {
        assertThat(ErrorCode.ITEM_BARCODE_INVALID.messageEn())
                .isEqualTo("An item barcode is '$' + 6-digit library code + 12-character registration number.");
        assertThat(ErrorCode.ITEM_BARCODE_INVALID.messageKo())
                .isEqualTo("책이음 통합바코드는 '$' + 도서관부호 6자리 + 등록번호 12자리입니다.");
        assertThat(ErrorCode.CARD_PASSWORD_NOT_SET.messageEn())
                .isEqualTo("This library keeps no card password for the member; please ask at the library's desk.");
        assertThat(Messages.of(ErrorCode.NATIONAL_CAP_REACHED))
                .isEqualTo(new Messages.Text("The member has reached the national cap on loans across all libraries.",
                        "전국 통합 대출 한도에 도달했습니다."));
    }

    @Test
    void detailsRenderTheirValuesAsText() {
        assertThat(Problem.FieldError.tooLong("note", 1000)).isEqualTo(new Problem.FieldError("note", "FIELD_TOO_LONG",
                "This value is too long: at most 1000 characters.", "입력값이 너무 깁니다. 최대 1000자까지 입력할 수 있습니다."));
        assertThat(Messages.of(ErrorCode.HOME_REGION_UNREACHABLE, "owning-region", "seoul").en())
                .isEqualTo("The regional center of the item's owning library (seoul) cannot be reached.");
        assertThat(Messages.of(ErrorCode.REGION_NOT_PERMITTED, "no-region-in-token").en())
                .isEqualTo("The service account's token names no region.");
        assertThat(Messages.of(ErrorCode.IDEMPOTENCY_KEY_REUSED, "loan-id-other-member", (Object) null).ko())
                .isEqualTo("대출 ID null는 이미 다른 회원의 대출에 사용되었습니다.");
    }

    @Test
    void aTextValueIsRenderedInEachLanguage() {
        Messages.Text perLibrary = Messages.of(ErrorCode.NATIONAL_CAP_REACHED, "loans-at-one-library", "111001", 5);
        assertThat(Messages.of(ErrorCode.NATIONAL_CAP_REACHED, "loans-nationwide", 5, 20, perLibrary))
                .isEqualTo(new Messages.Text("5 of 20 loans nationwide, per library: 111001: 5",
                        "전국 통합 대출 한도 20권 중 5권 대출 중입니다 (도서관별: 111001: 5권)."));
    }

    private static Set<String> placeholders(String key, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = ANY_PLACEHOLDER.matcher(text);
        while (m.find()) {
            assertThat(m.group(1)).as("placeholder {%s} of %s: plain argument numbers only", m.group(1), key)
                    .matches(PLAIN_PLACEHOLDER);
            found.add(m.group(1));
        }
        return found;
    }

    private static Properties load(String name) {
        Properties texts = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                texts.load(reader);
            }
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
        return texts;
    }
}
