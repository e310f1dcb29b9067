package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A librarian's day across the federation: a member borrows at libraries of both regions within each library's cap and
 * the national cap, is refused with numbers the librarian can act on, returns anywhere (타관반납), and a retried
 * request never makes a second loan.
 */
@ExtendWith(FederationExtension.class)
class CirculationAcrossTheFederationIT {

    private static final String HOME_LIBRARY = "111001";
    private static final String SEOUL_OTHER_LIBRARY = "111002";
    private static final String GYEONGGI_LIBRARY = "141001";
    private static final String GYEONGGI_OTHER_LIBRARY = "141002";

    @Test
    void aMemberBorrowsAcrossTheFederationUpToTheNationalCapAndReturnsAnywhere(Federation federation) {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, HOME_LIBRARY,
                List.of(SEOUL_OTHER_LIBRARY, GYEONGGI_LIBRARY, GYEONGGI_OTHER_LIBRARY));
        String number = member.memberNumber();
        // 5 + 6 + 6 + 3 = 20: the national cap is reached before the last library's own cap.
        Map<String, Integer> caps = new LinkedHashMap<>();
        caps.put(HOME_LIBRARY, 5);
        caps.put(SEOUL_OTHER_LIBRARY, 6);
        caps.put(GYEONGGI_LIBRARY, 6);
        caps.put(GYEONGGI_OTHER_LIBRARY, 6);
        caps.forEach((library, cap) -> Circulation.setPolicy(federation, library, Circulation.policyWithCap(cap)));

        Map<String, List<String>> itemsLent = new LinkedHashMap<>();
        Set<String> loanIds = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            lend(federation, HOME_LIBRARY, number, itemsLent, loanIds);
        }

        String sixth = Circulation.newItem(HOME_LIBRARY);
        Circulation.checkout(federation, HOME_LIBRARY, number, sixth).then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("LIBRARY_CAP_REACHED"))
                .body("context.libraryCap", equalTo(5))
                .body("context.loansAtLibrary", equalTo(5));

        Map<String, Integer> perLibrary = new LinkedHashMap<>();
        perLibrary.put(HOME_LIBRARY, 5);
        perLibrary.put(SEOUL_OTHER_LIBRARY, 6);
        perLibrary.put(GYEONGGI_LIBRARY, 6);
        perLibrary.put(GYEONGGI_OTHER_LIBRARY, 3);
        for (String library : List.of(SEOUL_OTHER_LIBRARY, GYEONGGI_LIBRARY, GYEONGGI_OTHER_LIBRARY)) {
            for (int i = 0; i < perLibrary.get(library); i++) {
                lend(federation, library, number, itemsLent, loanIds);
            }
        }
        assertThat(loanIds).as("distinct loans of %s", number).hasSize(Circulation.NATIONAL_CAP);

        // Three libraries are at their own cap as well. The operator raises every library's cap, so that what
        // refuses the next checkout everywhere can only be the national cap, whichever rule a library checks first.
        caps.keySet().forEach(library -> Circulation.setPolicy(federation, library, Circulation.policyWithCap(10)));
        for (String library : caps.keySet()) {
            Response refused = Circulation.checkout(federation, library, number, Circulation.newItem(library));
            assertThat(refused.statusCode()).as("checkout at %s past the national cap: %s", library,
                    refused.asString()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            JsonPath problem = refused.jsonPath();
            assertThat(problem.getString("code")).as("code at %s: %s", library, refused.asString())
                    .isEqualTo("NATIONAL_CAP_REACHED");
            assertThat(problem.getInt("context.nationalCap")).isEqualTo(Circulation.NATIONAL_CAP);
            // The region lends on the rights of the cap it holds (issue 17): every one is taken by its own loans, and
            // the rights the other region holds by that region's loans.
            int loansInRegion = library.startsWith("11") ? perLibrary.get(HOME_LIBRARY)
                    + perLibrary.get(SEOUL_OTHER_LIBRARY) : perLibrary.get(GYEONGGI_LIBRARY)
                    + perLibrary.get(GYEONGGI_OTHER_LIBRARY);
            assertThat(problem.getInt("context.loansInRegion")).as("refusal at %s", library)
                    .isEqualTo(loansInRegion);
            assertThat(problem.getInt("context.rightsInRegion")).as("refusal at %s", library)
                    .isEqualTo(loansInRegion);
            assertThat(problem.getString("detail")).contains(loansInRegion + " at libraries of this region");
            assertThat(problem.getString("detailKo")).contains("이 지역 도서관 " + loansInRegion + "권");
        }

        for (String region : List.of(SEOUL, GYEONGGI)) {
            await("the loans of " + number + " as " + region + " shows them").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertMemberLoans(Circulation.memberLoans(federation, region, number),
                            number, loanIds, perLibrary, region));
        }

        String itemOfHome = itemsLent.get(HOME_LIBRARY).get(0);
        Circulation.returnItem(federation, GYEONGGI_LIBRARY, itemOfHome).then()
                .statusCode(200)
                .body("itemBarcode", equalTo(itemOfHome))
                // The returning library did not lend the item: it is not told who borrowed it.
                .body("memberNumber", nullValue())
                .body("owningLibrary", equalTo(HOME_LIBRARY))
                .body("status", equalTo("RETURNED"))
                .body("returnedAtLibrary", equalTo(GYEONGGI_LIBRARY))
                .body("transit", equalTo("RETURNED_ELSEWHERE"));

        // The loan ended at the moment of the return: a place is free at once, with no waiting for any event.
        Response again = Circulation.checkout(federation, GYEONGGI_OTHER_LIBRARY, number,
                Circulation.newItem(GYEONGGI_OTHER_LIBRARY));
        assertThat(again.statusCode()).as("checkout right after the return elsewhere: %s", again.asString())
                .isEqualTo(201);

        // Both libraries see the item on its way home, each at its own regional center, and both can move it on:
        // the Gyeonggi library ships it (routed through the hub to Seoul, where the loan lives), Seoul receives it.
        assertInTransit(Circulation.transits(federation, GYEONGGI_LIBRARY), itemOfHome, "RETURNED_ELSEWHERE");
        assertInTransit(Circulation.transits(federation, HOME_LIBRARY), itemOfHome, "RETURNED_ELSEWHERE");
        Circulation.advanceTransit(federation, GYEONGGI_LIBRARY, itemOfHome, "SHIPPED").then()
                .statusCode(200)
                .body("itemBarcode", equalTo(itemOfHome))
                .body("transit", equalTo("SHIPPED"));
        assertInTransit(Circulation.transits(federation, HOME_LIBRARY), itemOfHome, "SHIPPED");
        assertInTransit(Circulation.transits(federation, GYEONGGI_LIBRARY), itemOfHome, "SHIPPED");
        Circulation.advanceTransit(federation, GYEONGGI_LIBRARY, itemOfHome, "RETURNED_ELSEWHERE").then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        Circulation.advanceTransit(federation, HOME_LIBRARY, itemOfHome, "BACK_HOME").then()
                .statusCode(200)
                .body("transit", equalTo("BACK_HOME"));
        assertThat(Circulation.transits(federation, HOME_LIBRARY).jsonPath().getList("itemBarcode"))
                .doesNotContain(itemOfHome);
        // The hub's ledger follows the owning region's loan.transit-changed event: the item leaves its list too.
        await("the Gyeonggi library's list drops the item that is back home").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Circulation.transits(federation, GYEONGGI_LIBRARY).jsonPath()
                        .getList("itemBarcode")).doesNotContain(itemOfHome));
        // A library that neither lent nor took the item back cannot move it.
        Circulation.advanceTransit(federation, GYEONGGI_OTHER_LIBRARY, itemOfHome, "BACK_HOME").then()
                .statusCode(404)
                .body("code", equalTo("ITEM_NOT_ON_LOAN"));

        // And the other way round: an item of a Gyeonggi library returned at a Seoul library.
        String itemOfGyeonggi = itemsLent.get(GYEONGGI_LIBRARY).get(0);
        Circulation.returnItem(federation, SEOUL_OTHER_LIBRARY, itemOfGyeonggi).then()
                .statusCode(200)
                .body("owningLibrary", equalTo(GYEONGGI_LIBRARY))
                .body("status", equalTo("RETURNED"))
                .body("returnedAtLibrary", equalTo(SEOUL_OTHER_LIBRARY))
                .body("transit", equalTo("RETURNED_ELSEWHERE"));
    }

    @Test
    void aRepeatedRequestWithTheSameIdempotencyKeyMakesOneLoan(Federation federation) throws Exception {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, HOME_LIBRARY, List.of());
        Circulation.setPolicy(federation, HOME_LIBRARY, Circulation.policyWithCap(5));
        String item = Circulation.newItem(HOME_LIBRARY);
        String key = UUID.randomUUID().toString();

        List<String> loanIds = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Response response = Circulation.checkout(federation, HOME_LIBRARY, member.memberNumber(), item, key);
            assertThat(response.statusCode()).as("attempt %d: %s", attempt, response.asString())
                    .isIn(attempt == 1 ? List.of(201) : List.of(200, 201));
            assertThat(response.jsonPath().getString("itemBarcode")).isEqualTo(item);
            loanIds.add(response.jsonPath().getString("loanId"));
        }
        assertThat(loanIds).as("loan ids of the three attempts").doesNotContainNull().containsOnly(loanIds.get(0));
        assertThat(Databases.regionLoansOfItem(federation, SEOUL, item)).as("loan rows of %s in region_seoul", item)
                .isEqualTo(1);
    }

    @Test
    void withdrawalIsRefusedWhileLoansAreActive(Federation federation) {
        Circulation.Member member = Circulation.memberRegisteredAt(federation, HOME_LIBRARY,
                List.of(GYEONGGI_LIBRARY));
        String number = member.memberNumber();
        Circulation.setPolicy(federation, HOME_LIBRARY, Circulation.policyWithCap(5));
        Circulation.setPolicy(federation, GYEONGGI_LIBRARY, Circulation.policyWithCap(5));
        String atHome = Circulation.newItem(HOME_LIBRARY);
        String inGyeonggi = Circulation.newItem(GYEONGGI_LIBRARY);
        Circulation.lend(federation, HOME_LIBRARY, number, atHome);
        Circulation.lend(federation, GYEONGGI_LIBRARY, number, inGyeonggi);

        Library.withdraw(federation, HOME_LIBRARY, number).then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("WITHDRAWAL_REFUSED_ACTIVE_LOANS"));
        Library.member(federation, HOME_LIBRARY, number).then()
                .statusCode(200)
                .body("status", equalTo("NORMAL"));

        // A loan at another region's library counts as much as one at home.
        Circulation.returnItem(federation, HOME_LIBRARY, atHome).then().statusCode(200);
        Library.withdraw(federation, HOME_LIBRARY, number).then()
                .statusCode(409)
                .body("code", equalTo("WITHDRAWAL_REFUSED_ACTIVE_LOANS"));

        Circulation.returnItem(federation, GYEONGGI_LIBRARY, inGyeonggi).then().statusCode(200);
        await("withdrawal of " + number + " once every item is back").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> Library.withdraw(federation, HOME_LIBRARY, number).then()
                        .statusCode(200)
                        .body("status", equalTo("WITHDRAWN")));
    }

    private static void lend(Federation federation, String library, String memberNumber,
                             Map<String, List<String>> itemsLent, Set<String> loanIds) {
        String item = Circulation.newItem(library);
        Response response = Circulation.checkout(federation, library, memberNumber, item);
        assertThat(response.statusCode()).as("checkout %d at %s: %s", loanIds.size() + 1, library,
                response.asString()).isEqualTo(201);
        JsonPath loan = response.jsonPath();
        assertThat(loan.getString("memberNumber")).isEqualTo(memberNumber);
        assertThat(loan.getString("libraryCode")).isEqualTo(library);
        assertThat(loan.getString("owningLibrary")).isEqualTo(library);
        assertThat(loan.getString("status")).isEqualTo("ACTIVE");
        assertThat(loan.getBoolean("degraded")).as("degraded while the hub is up").isFalse();
        assertThat(LocalDate.parse(loan.getString("dueOn"))).as("due date").isAfter(KoreanDay.today());
        assertThat(loanIds.add(loan.getString("loanId"))).as("new loan id %s", loan.getString("loanId")).isTrue();
        itemsLent.computeIfAbsent(library, key -> new ArrayList<>()).add(item);
    }

    private static void assertMemberLoans(Response response, String memberNumber, Set<String> loanIds,
                                          Map<String, Integer> perLibrary, String askedAt) {
        assertThat(response.statusCode()).as("loans of %s at %s: %s", memberNumber, askedAt, response.asString())
                .isEqualTo(200);
        JsonPath loans = response.jsonPath();
        assertThat(loans.getString("memberNumber")).isEqualTo(memberNumber);
        assertThat(loans.getInt("nationalCap")).isEqualTo(Circulation.NATIONAL_CAP);
        assertThat(loans.getInt("activeLoans")).isEqualTo(loanIds.size());
        assertThat(loans.getMap("loansPerLibrary", String.class, Integer.class))
                .containsExactlyInAnyOrderEntriesOf(perLibrary);
        assertThat(loans.getList("loans.loanId", String.class)).as("loan ids at %s", askedAt)
                .containsExactlyInAnyOrderElementsOf(loanIds);
        assertThat(loans.getList("loans.owningLibrary", String.class)).as("owning libraries at %s", askedAt)
                .doesNotContainNull().allSatisfy(library -> assertThat(perLibrary).containsKey(library));
        assertThat(loans.getList("loans.dueOn", String.class)).as("due dates at %s", askedAt)
                .hasSize(loanIds.size()).doesNotContainNull();
    }

    private static void assertInTransit(Response list, String itemBarcode, String state) {
        assertThat(list.statusCode()).as("transits: %s", list.asString()).isEqualTo(200);
        assertThat(list.getHeader("X-Chaekieum-Partial")).as("listing complete").isNull();
        List<Map<String, Object>> loans = list.jsonPath().getList("findAll { it.itemBarcode == '" + itemBarcode + "' }");
        assertThat(loans).as("%s in %s", itemBarcode, list.asString()).hasSize(1);
        assertThat(loans.get(0)).containsEntry("transit", state).containsEntry("returnedAtLibrary", GYEONGGI_LIBRARY);
    }
}
