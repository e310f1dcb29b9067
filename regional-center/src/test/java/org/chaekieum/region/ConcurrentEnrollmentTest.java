package org.chaekieum.region;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.chaekieum.contracts.id.UnifiedMemberNumber;
import org.chaekieum.region.support.Requests;
import org.chaekieum.region.support.TestHub;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentEnrollmentTest {

    /** Library 111003 is used by this test only, so its serials start at 1. */
    @Test
    void twoHundredConcurrentEnrollmentsGetDistinctGapFreeSerials() throws Exception {
        TestHub.reset();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<Response>> calls = IntStream.range(0, 200)
                    .<Callable<Response>>mapToObj(i -> () -> given().contentType(ContentType.JSON)
                            .body(Requests.adult(Requests.newIdentityKey()))
                            .post("/api/v1/libraries/111003/members"))
                    .toList();
            List<UnifiedMemberNumber> numbers = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response response = f.get();
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
                numbers.add(UnifiedMemberNumber.parse(response.path("memberNumber")));
            }
            assertThat(numbers).extracting(UnifiedMemberNumber::serial)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
            assertThat(numbers).allSatisfy(n -> {
                assertThat(n.issuingLibrary().value()).isEqualTo("111003");
                assertThat(UnifiedMemberNumber.hasValidCheckDigit(n.value())).isTrue();
            });
        } finally {
            pool.shutdownNow();
        }
    }
}
