package org.chaekieum.hub.rights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The hub's ledger of one member's national cap split into rights (issue 17; the escrow method): how many rights each
 * region holds and how many are unallocated, with {@code unallocated + sum(held) == cap} always. A region lends only on
 * a right it holds ({@link org.chaekieum.contracts.rights.RightsBalance}); the hub hands out rights and moves them.
 *
 * <p>The rules, chosen so that moves are rare for the common member and cheap for one who borrows in two regions:
 * <ul>
 *   <li><b>Grant everything unallocated</b> to the region that asks: a member who borrows in one region asks the hub
 *       once in the member's life (at the first checkout, or after a cap change), and never again.</li>
 *   <li>When nothing is unallocated, <b>ask the other holders to give back half of their free rights</b> (at least
 *       what is wanted), the one with the most free rights first: both regions keep spare rights, so a member who
 *       alternates between two regions causes a move only when one side runs out, and each move halves the imbalance.
 *       The giver debits itself first, under its own member lock ({@code RightsBalance#given}); the hub credits the
 *       asker only after: a right is never in two places.</li>
 *   <li>Only when no holder can give is the checkout refused ({@code NATIONAL_CAP_REACHED}).</li>
 * </ul>
 *
 * <p>A lower cap makes {@code unallocated} negative until rights come back; nothing is granted meanwhile.
 */
public record MemberRights(int cap, int unallocated, SortedMap<String, Integer> held) {

    public MemberRights {
        held = new TreeMap<>(held);
        held.values().removeIf(count -> count == 0);
        for (Map.Entry<String, Integer> region : held.entrySet()) {
            if (region.getValue() < 0) {
                throw new IllegalArgumentException(region.getKey() + " cannot hold " + region.getValue() + " rights");
            }
        }
        int allocated = held.values().stream().mapToInt(Integer::intValue).sum();
        if (cap < 0 || unallocated + allocated != cap) {
            throw new IllegalArgumentException("rights do not add up to the cap " + cap + ": unallocated "
                    + unallocated + " + held " + held);
        }
        held = Collections.unmodifiableSortedMap(held);
    }

    /** A member's cap, all of it unallocated. */
    public static MemberRights open(int cap) {
        return new MemberRights(cap, cap, new TreeMap<>());
    }

    /** The rights {@code region} holds. */
    public int heldBy(String region) {
        return held.getOrDefault(region, 0);
    }

    /** What the hub grants and the ledger after. */
    public record Grant(MemberRights after, int granted) {
    }

    /** Grants {@code region} every unallocated right (none when there is none or the cap was lowered). */
    public Grant grant(String region) {
        if (unallocated <= 0) {
            return new Grant(this, 0);
        }
        TreeMap<String, Integer> next = new TreeMap<>(held);
        next.merge(region, unallocated, Integer::sum);
        return new Grant(new MemberRights(cap, 0, next), unallocated);
    }

    /** {@code count} rights {@code region} gave back (it debited itself first): unallocated again. */
    public MemberRights givenBack(String region, int count) {
        if (count < 0 || count > heldBy(region)) {
            throw new IllegalArgumentException(region + " holds " + heldBy(region) + " rights, cannot give " + count);
        }
        TreeMap<String, Integer> next = new TreeMap<>(held);
        next.put(region, heldBy(region) - count);
        return new MemberRights(cap, unallocated + count, next);
    }

    /** The member's cap changed (a category modifier, the region's setting): the difference is (un)allocated. */
    public MemberRights withCap(int newCap) {
        return new MemberRights(newCap, unallocated + newCap - cap, held);
    }

    /** Asking {@code region} to give back up to {@code count} rights. */
    public record Ask(String region, int count) {
    }

    /**
     * Whom to ask, in order, for {@code wanted} more rights for {@code asker}: every other holder, the one with the most
     * free rights first (held minus the active loans the hub knows of there, which may lag), each for half of its free
     * rights but at least what is still wanted. The hub asks them one by one and stops when enough came back.
     */
    public List<Ask> asks(String asker, int wanted, Map<String, Integer> activeLoansByRegion) {
        List<Ask> asks = new ArrayList<>();
        held.entrySet().stream()
                .filter(region -> !region.getKey().equals(asker))
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(
                        region -> -(region.getValue() - activeLoansByRegion.getOrDefault(region.getKey(), 0)))
                        .thenComparing(Map.Entry::getKey))
                .forEach(region -> {
                    int free = Math.max(0, region.getValue() - activeLoansByRegion.getOrDefault(region.getKey(), 0));
                    asks.add(new Ask(region.getKey(), Math.min(region.getValue(), Math.max(wanted, (free + 1) / 2))));
                });
        return asks;
    }
}
