package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.deploy.e2e.FederationExtension.GYEONGGI;
import static org.chaekieum.deploy.e2e.FederationExtension.SEOUL;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.ImportRequest;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 반입: a member of one library starts using other libraries, of the same region and of another, under the same unified
 * number, after identity verification and with consent; every transfer is audited at both ends, and a refused import
 * leaves nothing behind.
 */
@ExtendWith(FederationExtension.class)
class MemberImportAcrossLibrariesIT {

    private static final String HOME_LIBRARY = "111001";
    private static final String SEOUL_OTHER_LIBRARY = "111002";
    private static final String GYEONGGI_LIBRARY = "141001";
    private static final String GYEONGGI_OTHER_LIBRARY = "141002";

    @Test
    void aMemberEnrolledAMomentAgoIsImportedInAnotherRegionBeforeTheHubHasTheEnrollment(Federation federation) {
        // With the broker stopped the enrollment event cannot reach the hub at all: the number is not in the national
        // registry, but its issuing library names its home region, and the import reaches it there.
        EnrollmentRequest waiting = Library.adult();
        Response enrolled;
        Response imported;
        federation.kafka().stop();
        try {
            enrolled = Library.enroll(federation, HOME_LIBRARY, waiting);
            assertThat(enrolled.statusCode()).as("enrollment: %s", enrolled.asString()).isEqualTo(201);
            String number = enrolled.jsonPath().getString("memberNumber");
            assertThat(Library.nationalMember(federation, number).statusCode()).as("the hub does not know it yet")
                    .isEqualTo(404);
            imported = Library.importMember(federation, GYEONGGI_LIBRARY, number,
                    Library.importWithConsent(waiting.identityKey()));
        } finally {
            federation.kafka().start();
        }
        assertThat(imported.statusCode()).as("import at %s: %s", GYEONGGI_LIBRARY, imported.asString()).isIn(200, 201);
        imported.then().body("status", equalTo("NORMAL")).body("homeRegion", equalTo(SEOUL))
                .body("name", equalTo(waiting.name()));

        // And as a desk does it: enroll, then import at once at another region, a few times over.
        for (int i = 0; i < 5; i++) {
            EnrollmentRequest person = Library.adult();
            Response now = Library.enroll(federation, HOME_LIBRARY, person);
            assertThat(now.statusCode()).as("enrollment: %s", now.asString()).isEqualTo(201);
            String number = now.jsonPath().getString("memberNumber");
            Response at = Library.importMember(federation, GYEONGGI_LIBRARY, number,
                    Library.importWithConsent(person.identityKey()));
            assertThat(at.statusCode()).as("import of %s at once at %s: %s", number, GYEONGGI_LIBRARY,
                    at.asString()).isIn(200, 201);
            assertThat(at.jsonPath().getString("status")).isEqualTo("NORMAL");
        }
    }

    @Test
    void memberOfOneLibraryIsImportedAtThreeOthersUnderTheSameNumber(Federation federation) {
        EnrollmentRequest person = Library.adult();
        String memberNumber = Library.enrollAndAwaitHub(federation, HOME_LIBRARY, person);

        for (String library : List.of(SEOUL_OTHER_LIBRARY, GYEONGGI_LIBRARY, GYEONGGI_OTHER_LIBRARY)) {
            Response imported = Library.importMember(federation, library, memberNumber,
                    Library.importWithConsent(person.identityKey()));
            assertThat(imported.statusCode()).as("import at %s: %s", library, imported.asString()).isIn(200, 201);
            imported.then()
                    .body("memberNumber", equalTo(memberNumber))
                    .body("libraryCode", equalTo(library))
                    .body("status", equalTo("NORMAL"))
                    .body("homeRegion", equalTo(SEOUL))
                    .body("name", equalTo(person.name()))
                    .body("phone", equalTo(person.phone()));

            Library.member(federation, library, memberNumber).then()
                    .statusCode(200)
                    .body("memberNumber", equalTo(memberNumber))
                    .body("name", equalTo(person.name()))
                    .body("status", equalTo("NORMAL"));
        }

        // Importing again at a library that already knows the member registers nothing new.
        Library.importMember(federation, GYEONGGI_LIBRARY, memberNumber,
                        Library.importWithConsent(person.identityKey())).then()
                .statusCode(200)
                .body("memberNumber", equalTo(memberNumber));

        await("audit records of the imports of " + memberNumber).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    List<Databases.TransferAudit> incoming = Databases.transferAudits(federation, GYEONGGI,
                            memberNumber);
                    assertThat(incoming).as("audit at region_gyeonggi")
                            .extracting(Databases.TransferAudit::direction, Databases.TransferAudit::libraryCode)
                            .contains(tuple("INCOMING", GYEONGGI_LIBRARY), tuple("INCOMING", GYEONGGI_OTHER_LIBRARY));
                    assertCompleteRecords(incoming, "region_gyeonggi");

                    List<Databases.TransferAudit> atHome = Databases.transferAudits(federation, SEOUL, memberNumber);
                    assertThat(atHome).as("audit at region_seoul")
                            .extracting(Databases.TransferAudit::direction, Databases.TransferAudit::libraryCode)
                            .contains(tuple("OUTGOING", GYEONGGI_LIBRARY), tuple("OUTGOING", GYEONGGI_OTHER_LIBRARY),
                                    tuple("LOCAL", SEOUL_OTHER_LIBRARY));
                    assertThat(atHome).filteredOn(audit -> audit.direction().equals("OUTGOING"))
                            .as("OUTGOING audit at region_seoul names the asking region")
                            .extracting(Databases.TransferAudit::requestingRegion)
                            .containsOnly(GYEONGGI);
                    assertCompleteRecords(atHome, "region_seoul");
                });
    }

    @Test
    void importWithAWrongIdentityKeyOrWithoutConsentIsRefusedAndWritesNothing(Federation federation)
            throws Exception {
        EnrollmentRequest person = Library.adult();
        String memberNumber = Library.enrollAndAwaitHub(federation, HOME_LIBRARY, person);
        List<String> libraries = List.of(GYEONGGI_LIBRARY, GYEONGGI_OTHER_LIBRARY);
        Map<String, Long> before = Databases.importFootprint(federation, GYEONGGI, memberNumber, libraries);
        assertThat(before).as("region_gyeonggi before the imports")
                .containsEntry("member rows of " + memberNumber, 0L);

        Library.importMember(federation, GYEONGGI_LIBRARY, memberNumber,
                        Library.importWithConsent("CI-E2E-SOMEONE-ELSE-" + memberNumber)).then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("IDENTITY_MISMATCH"));

        ImportRequest consentRefused = new ImportRequest(person.identityKey(), new ImportRequest.Consents(false),
                Library.IMPORTING_DESK, "1234");
        Map<String, Object> consentMissing = new LinkedHashMap<>();
        consentMissing.put("identityKey", person.identityKey());
        consentMissing.put("consents", Map.of());
        consentMissing.put("requestedBy", Library.IMPORTING_DESK);
        consentMissing.put("localPassword", "1234");
        for (Object withoutConsent : List.of(consentRefused, consentMissing)) {
            Library.importMember(federation, GYEONGGI_OTHER_LIBRARY, memberNumber, withoutConsent).then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", hasItem("consents.transfer"))
                    .body("errors.find { it.field == 'consents.transfer' }.code",
                            equalTo("TRANSFER_CONSENT_REQUIRED"));
        }

        assertThat(Databases.importFootprint(federation, GYEONGGI, memberNumber, libraries))
                .as("region_gyeonggi after the refused imports").isEqualTo(before);
        for (String library : libraries) {
            Library.member(federation, library, memberNumber).then()
                    .statusCode(404);
        }
    }

    private static void assertCompleteRecords(List<Databases.TransferAudit> audits, String database) {
        assertThat(audits).as("audit records at %s", database).isNotEmpty().allSatisfy(audit -> {
            assertThat(audit.requestedBy()).as("requested_by of %s", audit).isEqualTo(Library.IMPORTING_DESK);
            assertThat(audit.consentRecorded()).as("consent_at of %s", audit).isTrue();
            assertThat(audit.fields()).as("fields of %s", audit).contains("name", "birthDate", "phone");
            assertThat(audit.outcome()).as("outcome of %s", audit).isNotBlank();
        });
    }
}
