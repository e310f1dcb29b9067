package org.chaekieum.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few made-up members, enrolled through the regional REST API as a library system would. Names, phones and identity
 * keys are invented; the identity keys are fixed so that the sample commands can be replayed.
 */
public final class DemoData {

    /** One demo member and the library where the member enrolls. */
    public record DemoMember(String libraryCode, String name, String birthDate, String phone, String address,
                             String identityKey) {

        String json() {
            return "{\"name\":\"" + name + "\",\"birthDate\":\"" + birthDate + "\",\"phone\":\"" + phone
                    + "\",\"address\":\"" + address + "\",\"identityKey\":\"" + identityKey
                    + "\",\"category\":\"FULL\",\"consents\":{\"personalData\":true,\"thirdPartyTransfer\":true}}";
        }
    }

    /** What became of one demo enrollment. */
    public record Outcome(DemoMember member, int status, String memberNumber, String body) {
    }

    public static final List<DemoMember> MEMBERS = List.of(
            new DemoMember("111001", "김서연", "1988-03-14", "010-2345-6789", "서울특별시 종로구 세종대로 1",
                    "CI-DEMO-SEOUL-0001"),
            new DemoMember("111001", "이준호", "1975-11-02", "010-3456-7890", "서울특별시 마포구 월드컵로 10",
                    "CI-DEMO-SEOUL-0002"),
            new DemoMember("141001", "박지민", "1996-07-21", "010-4567-8901", "경기도 수원시 팔달구 효원로 1",
                    "CI-DEMO-GYEONGGI-0001"));

    private static final Pattern MEMBER_NUMBER = Pattern.compile("\"memberNumber\"\\s*:\\s*\"(\\d+)\"");
    private static final HttpClient HTTP = LocalTrust.httpClient().connectTimeout(Duration.ofSeconds(3)).build();

    private DemoData() {
    }

    /** Enrolls every demo member at the regional center serving its library. */
    public static List<Outcome> load(Federation federation) {
        List<Outcome> outcomes = new ArrayList<>();
        for (DemoMember member : MEMBERS) {
            String url = federation.regionOfLibrary(member.libraryCode()).baseUrl() + "/api/v1/libraries/"
                    + member.libraryCode() + "/members";
            outcomes.add(enroll(url, federation.tokenFor("POST", URI.create(url)), member));
        }
        return outcomes;
    }

    private static Outcome enroll(String url, String token, DemoMember member) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(member.json(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher number = MEMBER_NUMBER.matcher(response.body());
            return new Outcome(member, response.statusCode(), number.find() ? number.group(1) : null,
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(member, -1, null, e.toString());
        } catch (Exception e) {
            return new Outcome(member, -1, null, e.toString());
        }
    }
}
