package org.chaekieum.contracts.api;

import java.util.SortedMap;

/**
 * The hub's ledger of one member's national cap split into rights: the cap, how many rights no region holds, and how
 * many each region holds. Always {@code unallocated + sum(held) == cap}; {@code unallocated} is negative only after the
 * cap was lowered below what regions hold, until rights come back.
 */
public record MemberRightsView(String memberNumber, int cap, int unallocated, SortedMap<String, Integer> held) {
}
