package org.chaekieum.region.support;

import java.util.UUID;

/** Enrollment bodies as a library system would send them. */
public final class Requests {
    private Requests() {
    }

    public static String adult(String identityKey) {
        return """
                {"name":"김책이","birthDate":"1990-05-01","phone":"010-1234-5678","address":"서울시 중구 세종대로 110",
                 "identityKey":"%s","category":"FULL","consents":{"personalData":true,"thirdPartyTransfer":true}}"""
                .formatted(identityKey);
    }

    public static String child(String identityKey, String birthDate) {
        return """
                {"name":"박어린","birthDate":"%s","phone":"010-2222-3333","identityKey":"%s","category":"FULL",
                 "consents":{"personalData":true},
                 "guardian":{"name":"박보호","phone":"010-4444-5555","consent":true}}"""
                .formatted(birthDate, identityKey);
    }

    public static String newIdentityKey() {
        return "CI-" + UUID.randomUUID();
    }
}
