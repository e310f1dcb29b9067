package org.chaekieum.contracts.api;

/**
 * Body of {@code POST /api/v1/libraries/{libraryCode}/members}. Every field is text so that a request with several
 * mistakes is answered with all of them at once.
 *
 * @param name        member's name
 * @param birthDate   YYYY-MM-DD; under 14 at enrollment needs {@code guardian}
 * @param phone       e.g. 010-1234-5678
 * @param address     optional
 * @param identityKey the identity-verification key (CI); stays in the region, only a keyed hash leaves it
 * @param category    FULL or ASSOCIATE
 * @param consents    the member's consents
 * @param guardian    legal guardian, required under 14
 * @param memberNumber optional: the unified number the library's own system issued already (KOLAS III numbers its
 *                    members itself); it must name the enrolling library, carry a valid check digit and be unused.
 *                    Absent: the region issues the next number.
 */
public record EnrollmentRequest(
        String name,
        String birthDate,
        String phone,
        String address,
        String identityKey,
        String category,
        Consents consents,
        Guardian guardian,
        String memberNumber) {

    /** An enrollment that lets the region issue the number (the usual case). */
    public EnrollmentRequest(String name, String birthDate, String phone, String address, String identityKey,
                             String category, Consents consents, Guardian guardian) {
        this(name, birthDate, phone, address, identityKey, category, consents, guardian, null);
    }

    /** Longest name (the member's column). */
    public static final int NAME_MAX = 100;
    /** Longest birth date text: YYYY-MM-DD. */
    public static final int BIRTH_DATE_MAX = 10;
    /** Longest phone number text, dashes included (the member's column). */
    public static final int PHONE_MAX = 20;
    /** Longest address; free text, line breaks allowed (the member's column). */
    public static final int ADDRESS_MAX = 300;
    /** Longest identity key (CI); only its keyed hash is stored. */
    public static final int IDENTITY_KEY_MAX = 200;
    /** Longest category text (FULL or ASSOCIATE). */
    public static final int CATEGORY_MAX = 16;

    /** @param personalData consent to the collection and use of personal data (required) */
    public record Consents(Boolean personalData, Boolean thirdPartyTransfer) {
    }

    /** 법정대리인. */
    public record Guardian(String name, String phone, Boolean consent) {
        /** Longest guardian's name (the member's column), checked whatever the member's age. */
        public static final int NAME_MAX = 100;
        /** Longest guardian's phone, dashes included (the member's column). */
        public static final int PHONE_MAX = 20;
    }
}
