package org.chaekieum.contracts.api;

/**
 * Body of {@code POST /api/v1/libraries/{libraryCode}/members/{memberNumber}/card-password-check}: the card password a
 * member typed (at a self-check kiosk, for instance), to compare with the one the library keeps for the member (set at
 * import, {@link ImportRequest#localPassword()}).
 *
 * @param password the password as typed; required, one line, at most {@link #PASSWORD_MAX} characters
 */
public record CardPasswordCheck(String password) {

    /** Longest card password: the same bound as the one kept at import ({@link ImportRequest#LOCAL_PASSWORD_MAX}). */
    public static final int PASSWORD_MAX = ImportRequest.LOCAL_PASSWORD_MAX;

    /** Never the password itself, wherever a request is printed. */
    @Override
    public String toString() {
        return "CardPasswordCheck[password=" + (password == null ? "null" : "***") + "]";
    }
}
