package org.chaekieum.hub.ledger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.Messages;

/** The national cap as plain functions of values: which cap applies, whether a new loan fits, how to say why not. */
public final class NationalCapRule {

    private NationalCapRule() {
    }

    /** The cap of a member: the home region's override if it has one, else the national default. */
    public static int capOf(int nationalDefault, Optional<Integer> regionOverride) {
        return regionOverride.filter(cap -> cap >= 0).orElse(nationalDefault);
    }

    /** Open loans (reserved + active) in total. */
    public static int total(Map<String, Integer> perLibrary) {
        return perLibrary.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** May one more loan be reserved? Refused once the open loans reach the cap. */
    public static boolean admits(int cap, Map<String, Integer> perLibrary) {
        return total(perLibrary) < cap;
    }

    /** Loans taken past the cap (0 when within it). */
    public static int overrun(int cap, Map<String, Integer> perLibrary) {
        return Math.max(0, total(perLibrary) - cap);
    }

    /** Sorted copy for stable answers. */
    public static SortedMap<String, Integer> sorted(Map<String, Integer> perLibrary) {
        return new TreeMap<>(perLibrary);
    }

    /**
     * Why the cap refuses, in both languages: "20 of 20 loans nationwide, per library: 111001: 5, 141001: 15" and
     * "전국 통합 대출 한도 20권 중 20권 대출 중입니다 (도서관별: 111001: 5권, 141001: 15권).".
     */
    public static Messages.Text describe(int cap, Map<String, Integer> perLibrary) {
        return Messages.of(ErrorCode.NATIONAL_CAP_REACHED, "loans-nationwide", total(perLibrary), cap,
                breakdown(perLibrary));
    }

    private static Messages.Text breakdown(Map<String, Integer> perLibrary) {
        if (perLibrary.isEmpty()) {
            return Messages.of(ErrorCode.NATIONAL_CAP_REACHED, "no-library");
        }
        List<Messages.Text> each = sorted(perLibrary).entrySet().stream()
                .map(e -> Messages.of(ErrorCode.NATIONAL_CAP_REACHED, "loans-at-one-library", e.getKey(), e.getValue()))
                .toList();
        return new Messages.Text(each.stream().map(Messages.Text::en).collect(Collectors.joining(", ")),
                each.stream().map(Messages.Text::ko).collect(Collectors.joining(", ")));
    }
}
