package org.chaekieum.hub.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.chaekieum.contracts.rights.RightsBalance;
import org.junit.jupiter.api.Test;

/**
 * The rights protocol of issue 17 under random interleavings: three regions lend and take back on the rights they hold
 * ({@link RightsBalance}), ask the hub when they hold none free, and the hub grants and moves rights
 * ({@link MemberRights}); the answers of synchronous calls may be lost, the events of each side's outbox arrive late, in
 * any order and more than once, and the hub may be down. After every step: the member's loans never exceed the cap, and
 * no region holds more rights than the hub's ledger gives it (a right is never in two places). Once every event has
 * arrived: each region holds exactly what the ledger says (no right lost or doubled). Each script comes from a seeded
 * {@link Random} (2,000 per property), so a failure names the seed that replays it.
 */
class RightsProtocolPropertyTest {

    private static final List<String> REGIONS = List.of("seoul", "gyeonggi", "busan");

    /** Scripts per property: each from its own seed, so a failure names the seed that reproduces it. */
    private static final int SCRIPTS = 2000;

    @Test
    void loansNeverExceedTheCapAndNoRightIsLostOrDoubled() {
        for (long seed = 1; seed <= SCRIPTS; seed++) {
            Random random = new Random(seed);
            int cap = random.nextInt(26);
            boolean failures = random.nextBoolean();
            World world = new World(cap);
            int steps = random.nextInt(301);
            for (int i = 0; i < steps; i++) {
                world.step(random.nextInt(100_000), failures);
                world.assertSafe("seed " + seed + ", step " + i);
            }
            world.drain();
            world.assertSafe("seed " + seed + ", after every event arrived");
            for (String region : REGIONS) {
                assertThat(world.regions.get(region).held()).as("seed %d: %s holds what the ledger gives it", seed,
                        region).isEqualTo(world.hub.heldBy(region));
            }
            assertThat(world.hub.unallocated() + REGIONS.stream().mapToInt(r -> world.regions.get(r).held()).sum())
                    .as("seed %d: every right is somewhere, once", seed).isEqualTo(cap);
        }
    }

    /** Without failures a refusal is the cap, never a right stuck somewhere: every right is taken by a loan. */
    @Test
    void withoutFailuresARefusalMeansEveryRightIsTakenByALoan() {
        for (long seed = 1; seed <= SCRIPTS; seed++) {
            Random random = new Random(seed);
            int cap = random.nextInt(26);
            World world = new World(cap);
            int steps = random.nextInt(301);
            for (int i = 0; i < steps; i++) {
                String region = REGIONS.get(random.nextInt(REGIONS.size()));
                if (random.nextInt(3) == 2) {
                    world.giveBack(region); // checkouts and returns only; answers never lost; the hub always up
                } else if (!world.checkout(region, false)) {
                    assertThat(world.loans()).as("seed %d, step %d: refused at %s with %s", seed, i, region, world)
                            .isEqualTo(cap);
                }
            }
        }
    }

    /**
     * The common member borrows in one region only: one hub call at the first checkout, none after, up to the cap; a
     * member who alternates between two regions, never more than half the cap out in each, causes two calls in all.
     */
    @Test
    void movesAreRareForOneRegionAndCheapForTwo() {
        World one = new World(20);
        for (int i = 0; i < 20; i++) {
            assertThat(one.checkout("seoul", false)).as("checkout %d", i + 1).isTrue();
        }
        for (int i = 0; i < 30; i++) {
            one.giveBack("seoul");
            assertThat(one.checkout("seoul", false)).isTrue();
        }
        assertThat(one.hubCalls).as("hub calls of a member who borrows in one region").isEqualTo(1);

        World two = new World(20);
        for (int i = 0; i < 200; i++) {
            String region = i % 2 == 0 ? "seoul" : "gyeonggi";
            if (two.regions.get(region).inUse() < 10) {
                assertThat(two.checkout(region, false)).isTrue();
            } else {
                two.giveBack(region);
            }
        }
        assertThat(two.hubCalls).as("hub calls of a member who alternates between two regions").isEqualTo(2);
    }

    /** The regions, the hub and the events between them, all in memory: the protocol's model, steps chosen by a script. */
    static final class World {
        final int cap;
        MemberRights hub;
        final Set<String> hubApplied = new HashSet<>();
        final Map<String, RightsBalance> regions = new LinkedHashMap<>();
        final Map<String, Set<String>> creditsApplied = new HashMap<>();
        final Map<String, Map<String, Integer>> giveAnswers = new HashMap<>();
        /** Events the hub's outbox holds or the broker carries to a region: rights granted. */
        final List<Move> grants = new ArrayList<>();
        /** Events a region's outbox holds or the broker carries to the hub: rights given back. */
        final List<Move> gives = new ArrayList<>();
        boolean hubDown;
        boolean loseNextAnswer;
        int hubCalls;
        int sequence;

        record Move(String region, String id, int count) {
        }

        World(int cap) {
            this.cap = cap;
            this.hub = MemberRights.open(cap);
            for (String region : REGIONS) {
                regions.put(region, RightsBalance.none());
                creditsApplied.put(region, new HashSet<>());
                giveAnswers.put(region, new HashMap<>());
            }
        }

        void step(int code, boolean failures) {
            int kind = code % 8;
            int argument = code / 8;
            String region = REGIONS.get(argument % REGIONS.size());
            switch (kind) {
                case 0, 1 -> checkout(region, failures);
                case 2 -> giveBack(region);
                case 3 -> deliver(grants, argument, failures, this::applyGrant);
                case 4 -> deliver(gives, argument, failures, this::applyGive);
                case 5 -> loseNextAnswer = failures;
                case 6 -> hubDown = failures && !hubDown;
                default -> checkout(region, failures);
            }
        }

        int loans() {
            return regions.values().stream().mapToInt(RightsBalance::inUse).sum();
        }

        /** A checkout at {@code region}: on a free right, else after one call to the hub (if it answers). */
        boolean checkout(String region, boolean failures) {
            if (!regions.get(region).canLend()) {
                askHub(region, failures);
            }
            if (!regions.get(region).canLend()) {
                return false; // NATIONAL_CAP_REACHED, or NATIONAL_CAP_UNVERIFIABLE while the hub is away
            }
            regions.put(region, regions.get(region).lend());
            return true;
        }

        void giveBack(String region) {
            regions.put(region, regions.get(region).loanEnded());
        }

        /** The region's one call: the hub grants what is unallocated, else asks the others to give some back. */
        private void askHub(String asker, boolean failures) {
            if (hubDown) {
                return;
            }
            hubCalls++;
            String move = "move-" + (++sequence);
            int got = grant(asker, move + "-unallocated", failures);
            if (got > 0) {
                return;
            }
            Map<String, Integer> loansKnown = new HashMap<>();
            regions.forEach((region, balance) -> loansKnown.put(region, balance.inUse()));
            for (MemberRights.Ask ask : hub.asks(asker, 1, loansKnown)) {
                String id = move + "-from-" + ask.region();
                int given = give(ask.region(), id, ask.count());
                if (failures && loseNextAnswer) {
                    loseNextAnswer = false;
                    continue; // the giver committed; its event tells the hub later
                }
                applyGive(new Move(ask.region(), id, given));
                if (grant(asker, id + "-granted", failures) > 0) {
                    return;
                }
            }
        }

        /** The hub grants all it has unallocated: its ledger and its outbox event commit together. */
        private int grant(String region, String id, boolean failures) {
            MemberRights.Grant grant = hub.grant(region);
            if (grant.granted() == 0) {
                return 0;
            }
            hub = grant.after();
            Move move = new Move(region, id, grant.granted());
            grants.add(move);
            if (failures && loseNextAnswer) {
                loseNextAnswer = false; // the answer is lost: the region learns it from the event
                return 0;
            }
            applyGrant(move);
            return grant.granted();
        }

        /** The giver debits itself first (under its member lock), with its outbox event; a repeated ask gets the same answer. */
        private int give(String region, String id, int asked) {
            Integer answered = giveAnswers.get(region).get(id);
            if (answered != null) {
                return answered;
            }
            RightsBalance balance = regions.get(region);
            int given = balance.givable(asked);
            regions.put(region, balance.given(given));
            giveAnswers.get(region).put(id, given);
            gives.add(new Move(region, id, given));
            return given;
        }

        private void applyGrant(Move move) {
            if (creditsApplied.get(move.region()).add(move.id())) {
                regions.put(move.region(), regions.get(move.region()).credited(move.count()));
            }
        }

        private void applyGive(Move move) {
            if (hubApplied.add(move.id())) {
                hub = hub.givenBack(move.region(), move.count());
            }
        }

        /** The broker delivers one event (or, with failures, delivers it and keeps it to deliver again). */
        private void deliver(List<Move> events, int pick, boolean failures, java.util.function.Consumer<Move> apply) {
            if (events.isEmpty() || hubDown) {
                return; // the hub's relay and consumer are down with it
            }
            Move move = events.get(pick % events.size());
            apply.accept(move);
            if (!failures || pick % 3 != 0) {
                events.remove(move);
            }
        }

        /** Every event arrives, at last. */
        void drain() {
            hubDown = false;
            gives.forEach(this::applyGive);
            gives.clear();
            grants.forEach(this::applyGrant);
            grants.clear();
        }

        void assertSafe(String when) {
            assertThat(loans()).as("%s: loans within the cap: %s", when, this).isLessThanOrEqualTo(cap);
            for (String region : REGIONS) {
                assertThat(regions.get(region).held()).as("%s: %s holds no more than the ledger gives it: %s", when,
                        region, this).isLessThanOrEqualTo(hub.heldBy(region));
            }
            assertThat(hub.unallocated()).as("%s: nothing granted twice: %s", when, this).isGreaterThanOrEqualTo(0);
        }

        @Override
        public String toString() {
            return "hub " + hub + ", regions " + regions + ", events to regions " + grants + ", to the hub " + gives;
        }
    }
}
