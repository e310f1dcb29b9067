package org.chaekieum.adapter.kiosk;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One self-check kiosk's account at the gateway, as read from the accounts file.
 *
 * @param login          SIP2 login user id (CN of the 93 message)
 * @param passwordHash   hash of the login password (CO), see {@link KioskPasswords}
 * @param institutions   institution ids (AO) the kiosk may send; empty means the library code only
 * @param locations      location codes (CP) allowed at login; empty means any
 * @param library        the library code the kiosk acts for (its loans are this library's)
 * @param operations     what it may do
 * @param charset        its character set (UTF-8, EUC-KR or CP949)
 * @param errorDetection whether every message must carry AY/AZ
 * @param language       screen messages in {@code ko} or {@code en}
 * @param patronPassword whether the library uses card passwords (AD is then checked at the regional center)
 * @param maxConnections connections this kiosk may hold at once
 */
public record KioskAccount(String login, String passwordHash, Set<String> institutions, Set<String> locations,
                           String library, Set<Operation> operations, Charset charset, boolean errorDetection,
                           Locale language, boolean patronPassword, int maxConnections) {

    /** What a kiosk may do. Status, patron and item information are always allowed. */
    public enum Operation {
        CHECKOUT, CHECKIN, RENEW
    }

    public KioskAccount {
        institutions = Set.copyOf(institutions);
        locations = Set.copyOf(locations);
        operations = operations.isEmpty() ? Set.of() : Set.copyOf(operations);
    }

    public boolean allows(Operation operation) {
        return operations.contains(operation);
    }

    /** AO as the kiosk may send it: one of the configured institutions, or the library code. */
    public boolean servesInstitution(String institution) {
        return institution == null || institution.isEmpty() || institution.equals(library)
                || institutions.contains(institution);
    }

    /** The institution id to answer with. */
    public String institution() {
        return institutions.isEmpty() ? library : institutions.stream().sorted().findFirst().orElse(library);
    }

    public boolean english() {
        return "en".equals(language.getLanguage());
    }

    static List<String> charsetNames() {
        return List.of("UTF-8", "EUC-KR", "CP949");
    }
}
