package org.chaekieum.contracts.api;

/**
 * A region asks the hub for rights of one member's national cap (issue 17): it holds none free, so the next checkout
 * cannot be lent on what it has. {@code moveId} names this ask: the same id again answers the same grant, so a region
 * that lost the answer asks again with it and is never granted twice. At most {@link #MOVE_ID_MAX} characters of
 * letters, digits, '-' and '_' (a UUID in practice).
 */
public record RightsRequest(String region, String moveId) implements RegionBound {

    /** Longest move id. */
    public static final int MOVE_ID_MAX = 64;

    /** A move id: 1 to {@link #MOVE_ID_MAX} characters of ASCII letters, digits, '-' and '_'. */
    public static boolean validMoveId(String moveId) {
        return moveId != null && !moveId.isEmpty() && moveId.length() <= MOVE_ID_MAX && moveId.chars()
                .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
    }

    @Override
    public String actingRegion() {
        return region;
    }

    @Override
    public String actingLibrary() {
        return null;
    }
}
