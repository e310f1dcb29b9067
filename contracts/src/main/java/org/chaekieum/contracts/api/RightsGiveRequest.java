package org.chaekieum.contracts.api;

/**
 * The hub asks a region to give back up to {@code count} of a member's rights it does not use (issue 17). The region
 * debits itself first, under its member lock, and answers what it gave ({@link RightsGiven}); only then does the hub
 * credit another region, so a right is never in two places. {@code moveId} names the give: the same id again answers
 * the same {@code given} and debits nothing more.
 */
public record RightsGiveRequest(String moveId, Integer count) {
}
