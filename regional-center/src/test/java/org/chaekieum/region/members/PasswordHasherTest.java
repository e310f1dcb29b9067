package org.chaekieum.region.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashMatchesItsPasswordOnly() {
        String stored = hasher.hash("1234");
        assertThat(stored).startsWith("pbkdf2-sha256$120000$").doesNotContain("1234$");
        assertThat(hasher.matches("1234", stored)).isTrue();
        assertThat(hasher.matches("1235", stored)).isFalse();
        assertThat(hasher.matches("1234 ", stored)).isFalse();
        assertThat(hasher.matches("비밀번호", hasher.hash("비밀번호"))).isTrue();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        String one = hasher.hash("1234");
        String two = hasher.hash("1234");
        assertThat(one).isNotEqualTo(two);
        assertThat(hasher.matches("1234", one)).isTrue();
        assertThat(hasher.matches("1234", two)).isTrue();
    }

    @Test
    void theIterationsAndSaltAreReadFromTheStoredHash() {
        // A hash made elsewhere with other parameters: PBKDF2-HMAC-SHA256("password", "salt", 1000 iterations, 32 bytes).
        String stored = "pbkdf2-sha256$1000$c2FsdA==$YywoEuRtRgQQK6dhjp1tfS+BKPYma0oDJk0qBGC33LM=";
        assertThat(hasher.matches("password", stored)).isTrue();
        assertThat(hasher.matches("passwore", stored)).isFalse();
    }

    @Test
    void aStoredValueNotInTheFormIsRefusedWithoutShowingIt() {
        for (String stored : new String[] {"1234", "bcrypt$10$abc$def", "pbkdf2-sha256$x$c2FsdA==$YQ==",
                "pbkdf2-sha256$1000$***$YQ==", "pbkdf2-sha256$1$c2FsdA==$YQ==", "pbkdf2-sha256$1000$$YQ==",
                "pbkdf2-sha256$1000$c2FsdA==$YQ==$extra"}) {
            assertThatThrownBy(() -> hasher.matches("1234", stored)).as(stored)
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(stored.substring(stored.indexOf('$') + 1)));
        }
        assertThatThrownBy(() -> hasher.matches("1234", null)).isInstanceOf(IllegalStateException.class);
    }
}
