package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.deploy.Federation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No name, phone number, birth date, address or identity key in any log line of any process of the federation, after
 * the flows that handle them: enrollment, import into another region, a phone change, withdrawal.
 */
@ExtendWith(FederationExtension.class)
class PersonalDataInLogsIT {

    private static final String HOME_LIBRARY = "111001";
    private static final String IMPORTING_LIBRARY = "141001";

    @Test
    void noPersonalDataInAnyLogLine(Federation federation) throws IOException {
        String name = "로그검사사람";
        String phone = "010-5555-7777";
        String newPhone = "010-5555-8888";
        String birthDate = "1977-07-07";
        String address = "로그검사로 1";
        String identityKey = "CI-LOG-SCAN-" + UUID.randomUUID();
        EnrollmentRequest person = new EnrollmentRequest(name, birthDate, phone, address, identityKey, "FULL",
                new EnrollmentRequest.Consents(true, true), null);

        String memberNumber = MemberLifecycleAcrossRegionsIT.enrollAndImport(federation, person);
        Library.update(federation, HOME_LIBRARY, memberNumber,
                        Map.of("phone", newPhone, "requestedBy", Library.HOME_DESK)).then()
                .statusCode(200);
        await("the new phone at " + IMPORTING_LIBRARY).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> Library.member(federation, IMPORTING_LIBRARY, memberNumber).then()
                        .statusCode(200)
                        .body("phone", equalTo(newPhone)));
        Library.withdraw(federation, HOME_LIBRARY, memberNumber).then()
                .statusCode(200);
        MemberLifecycleAcrossRegionsIT.awaitErasedEverywhere(federation, memberNumber);

        // The values as sent, and the forms a careless log line might print them in.
        List<String> personalValues = List.of(name, phone, newPhone, phone.replace("-", ""), newPhone.replace("-", ""),
                birthDate, birthDate.replace("-", ""), address, identityKey);

        List<Path> logFiles = federation.logFiles();
        assertThat(logFiles).as("log files of the federation")
                .extracting(path -> path.getFileName().toString())
                .contains(Federation.HUB + ".log", "regional-center-" + FederationExtension.SEOUL + ".log",
                        "regional-center-" + FederationExtension.GYEONGGI + ".log", "kafka.log");
        List<String> findings = new ArrayList<>();
        for (Path logFile : logFiles) {
            assertThat(Files.size(logFile)).as("size of %s", logFile).isPositive();
            findings.addAll(personalDataIn(logFile, personalValues));
        }
        assertThat(findings).as("log lines with personal data (scanned %s)", logFiles).isEmpty();
    }

    /** Each line of the file holding one of the values, as {@code file:line: value found in <line>}. */
    private static List<String> personalDataIn(Path logFile, List<String> values) throws IOException {
        List<String> findings = new ArrayList<>();
        // A malformed byte must not hide the rest of a line: replace it rather than fail or skip.
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(logFile),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                for (String value : values) {
                    if (line.contains(value)) {
                        findings.add(String.format("%s:%d: \"%s\" found in: %s", logFile, number, value,
                                line.length() > 500 ? line.substring(0, 500) + "..." : line));
                    }
                }
            }
        }
        return findings;
    }
}
