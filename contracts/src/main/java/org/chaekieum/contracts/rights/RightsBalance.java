package org.chaekieum.contracts.rights;

/**
 * A region's share of one member's national cap (issue 17, the escrow method): {@code held} rights, of which
 * {@code inUse} are taken by the member's active loans in that region. A checkout in the region needs a free right
 * ({@code inUse < held}) and asks no one; a return frees one where the loan was; the hub moves rights between regions
 * only when a region has none free, and a region always gives (debits itself) before the hub credits anyone else, so
 * a right is never in two places.
 *
 * <p>{@code inUse} may exceed {@code held} only for loans made before rights existed or under the operator's degraded
 * rule: then nothing more is lent and nothing can be given until returns bring it back under.
 */
public record RightsBalance(int held, int inUse) {

    public RightsBalance {
        if (held < 0 || inUse < 0) {
            throw new IllegalArgumentException("rights and loans cannot be negative: held " + held + ", in use " + inUse);
        }
    }

    /** No rights yet, no loans. */
    public static RightsBalance none() {
        return new RightsBalance(0, 0);
    }

    /** Rights held and not taken by a loan. */
    public int free() {
        return Math.max(0, held - inUse);
    }

    /** May one more loan be made here without asking anyone? */
    public boolean canLend() {
        return inUse < held;
    }

    /** One more loan, on a free right. */
    public RightsBalance lend() {
        if (!canLend()) {
            throw new IllegalStateException("no free right: held " + held + ", in use " + inUse);
        }
        return new RightsBalance(held, inUse + 1);
    }

    /** A loan ended here: its right stays here, free again. */
    public RightsBalance loanEnded() {
        return new RightsBalance(held, Math.max(0, inUse - 1));
    }

    /** Rights the hub moved here (granted). */
    public RightsBalance credited(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a credit cannot be negative: " + count);
        }
        return new RightsBalance(held + count, inUse);
    }

    /** How many of {@code asked} rights this region can give back now: its free ones, at most. */
    public int givable(int asked) {
        return Math.max(0, Math.min(asked, free()));
    }

    /** Gives {@code count} free rights back (the region debits itself first; the hub credits after). */
    public RightsBalance given(int count) {
        if (count < 0 || count > free()) {
            throw new IllegalArgumentException("cannot give " + count + " of " + free() + " free rights");
        }
        return new RightsBalance(held - count, inUse);
    }
}
