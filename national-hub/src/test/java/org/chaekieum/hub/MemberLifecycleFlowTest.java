package org.chaekieum.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.chaekieum.hub.support.TestEvents.CODEC;
import static org.chaekieum.hub.support.TestEvents.enrolled;
import static org.chaekieum.hub.support.TestEvents.envelope;
import static org.chaekieum.hub.support.TestEvents.newIdentityHash;
import static org.chaekieum.hub.support.TestEvents.newNumber;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.chaekieum.contracts.api.CategoryModifier;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.MemberChanged;
import org.chaekieum.contracts.event.MemberUpdated;
import org.chaekieum.hub.support.Db;
import org.chaekieum.hub.support.RegionEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The member lifecycle as the home region reports it (member.updated.v1) and as every region learns it from the hub
 * (member.changed.v1). Shares the application and the broker of the other test classes.
 */
@QuarkusTest
class MemberLifecycleFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static RegionEvents region;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void clients() {
        region = RegionEvents.open();
    }

    @AfterAll
    static void close() {
        region.close();
    }

    @Test
    void categoryModifierAndStatusAreAppliedOnceAndAnnouncedToEveryRegion() {
        String number = region.registered(newIdentityHash(), "seoul");
        LocalDate expiry = LocalDate.of(2027, 12, 31);
        EventEnvelope update = envelope(new MemberUpdated(number, "seoul", MemberCategory.FULL,
                CategoryModifier.MULTI_CHILD, expiry, MemberStatus.SUSPENDED, List.of("category", "categoryModifier"),
                5, Instant.now()));
        region.send(update);
        region.send(update);
        awaitApplied(region.sendMarker(number, "seoul"));

        Map<String, Object> row = row(number);
        assertThat(row).containsEntry("category", "FULL").containsEntry("category_modifier", "MULTI_CHILD")
                .containsEntry("modifier_expires_on", Date.valueOf(expiry))
                .containsEntry("status", "SUSPENDED");
        assertThat(Db.count("select count(*) from processed_event where event_id = ?", update.id())).isEqualTo(1);
        assertThat(Db.count("select count(*) from outbox_event where message_key = ? and payload like ?", number,
                "%" + EventType.MEMBER_CHANGED.ceType() + "%")).isEqualTo(1);

        MemberChanged changed = awaitChanged(number);
        assertThat(changed.homeRegion()).isEqualTo("seoul");
        assertThat(changed.category()).isEqualTo(MemberCategory.FULL);
        assertThat(changed.categoryModifier()).isEqualTo(CategoryModifier.MULTI_CHILD);
        assertThat(changed.modifierExpiresOn()).isEqualTo(expiry);
        assertThat(changed.status()).isEqualTo(MemberStatus.SUSPENDED);
        assertThat(changed.changedFields()).containsExactly("category", "categoryModifier");
        assertThat(changed.profileVersion()).isEqualTo(5);
        assertThat(changed.changedAt()).isNotNull();
        given().when().get("/api/v1/national/members/{n}", number)
                .then().statusCode(200).body("status", equalTo("SUSPENDED")).body("category", equalTo("FULL"));
    }

    @Test
    void withdrawalErasesTheIdentityHashAndKeepsNumberAndStatus() {
        String hash = newIdentityHash();
        String number = region.registered(hash, "seoul");
        // The same person was enrolled again elsewhere: that number is linked to this one and holds the hash too.
        String duplicate = newNumber("122002");
        region.send(envelope(enrolled(duplicate, hash, "gyeonggi", MemberStatus.PROVISIONAL)));
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/v1/national/members/{n}", duplicate)
                .then().statusCode(200).body("status", equalTo("LINKED")).body("linkedTo", equalTo(number)));
        region.send(envelope(new MemberUpdated(number, "seoul", MemberCategory.FULL, null, null,
                MemberStatus.WITHDRAWN, List.of("status", "name", "phone", "birthDate", "address"), 9,
                Instant.now())));

        MemberChanged changed = awaitChanged(number);
        assertThat(changed.status()).isEqualTo(MemberStatus.WITHDRAWN);
        assertThat(changed.homeRegion()).isEqualTo("seoul");
        Map<String, Object> row = row(number);
        assertThat(row).containsEntry("status", "WITHDRAWN").containsEntry("identity_hash", null);
        assertThat(Db.count("select count(*) from national_member where identity_hash = ?", hash)).isZero();
        assertThat(Db.count("select count(*) from national_member where member_number = ? and status = 'LINKED' "
                + "and identity_hash is null", duplicate)).isEqualTo(1);
        given().contentType(ContentType.JSON).body(Map.of("identityHash", hash))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(200).body("enrolled", equalTo(false));

        // The person may join again later: a new number, registered as a new person.
        String again = region.registered(hash, "seoul");
        given().contentType(ContentType.JSON).body(Map.of("identityHash", hash))
                .when().post("/api/v1/national/identity-lookups")
                .then().statusCode(200).body("enrolled", equalTo(true)).body("memberNumber", equalTo(again));
    }

    @Test
    void updateFromARegionThatIsNotHomeIsIgnored() {
        String number = region.registered(newIdentityHash(), "seoul");
        region.send(envelope(new MemberUpdated(number, "busan", MemberCategory.ASSOCIATE, null, null,
                MemberStatus.EXPELLED, List.of("status"), 3, Instant.now())));
        awaitApplied(region.sendMarker(number, "seoul"));

        assertThat(row(number)).containsEntry("status", "NORMAL").containsEntry("category", "FULL");
        assertThat(Db.count("select count(*) from outbox_event where message_key = ? and payload like ?", number,
                "%" + EventType.MEMBER_CHANGED.ceType() + "%")).isZero();
    }

    private void awaitApplied(String eventId) {
        await().atMost(WAIT).until(() -> Db.count("select count(*) from processed_event where event_id = ?",
                eventId) == 1);
    }

    private static MemberChanged awaitChanged(String number) {
        List<EventEnvelope> changes = await().atMost(WAIT).pollInSameThread()
                .until(() -> region.decisions().envelopes(number).stream()
                        .filter(e -> CODEC.typeOf(e) == EventType.MEMBER_CHANGED).toList(), list -> !list.isEmpty());
        assertThat(changes).hasSize(1);
        return CODEC.payload(changes.get(0), MemberChanged.class);
    }

    private Map<String, Object> row(String number) {
        String sql = "select category, category_modifier, modifier_expires_on, status, identity_hash "
                + "from national_member where member_number = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Map<String, Object> row = new HashMap<>();
                List<String> columns = new ArrayList<>(List.of("category", "category_modifier",
                        "modifier_expires_on", "status", "identity_hash"));
                for (String column : columns) {
                    row.put(column, rs.getObject(column));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
