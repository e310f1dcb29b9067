package org.chaekieum.deploy.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.LocalPostgres;

/**
 * Reads the services' databases directly (JDBC, as {@code postgres}), to check what a request wrote, or did not write,
 * where no API shows it: audit records, erased personal fields, the hub's registry.
 */
final class Databases {

    /** The personal fields of a region's {@code member} row, all erased by a withdrawal. */
    static final List<String> PERSONAL_COLUMNS = List.of("name", "birth_date", "phone", "address", "identity_hash",
            "guardian_name", "guardian_phone");

    /** One audit record of a transfer of a member's data (반입). */
    record TransferAudit(String memberNumber, String direction, String requestingRegion, String libraryCode,
                         String requestedBy, String fields, boolean consentRecorded, String outcome) {
    }

    private Databases() {
    }

    static String regionDatabase(String regionId) {
        return LocalPostgres.regionDatabase(regionId);
    }

    /** The region's {@code member} row of that number (column name to value), if it has one. */
    static Optional<Map<String, Object>> regionMember(Federation federation, String regionId, String memberNumber)
            throws SQLException {
        List<Map<String, Object>> rows = query(federation, regionDatabase(regionId),
                "SELECT * FROM member WHERE member_number = ?", memberNumber);
        if (rows.size() > 1) {
            throw new AssertionError(rows.size() + " member rows for " + memberNumber + " in " + regionId);
        }
        return rows.stream().findFirst();
    }

    /** The hub's {@code national_member} row of that number, if it has one. */
    static Optional<Map<String, Object>> nationalMember(Federation federation, String memberNumber)
            throws SQLException {
        return query(federation, LocalPostgres.HUB_DATABASE, "SELECT * FROM national_member WHERE member_number = ?",
                memberNumber).stream().findFirst();
    }

    /** Every {@code member_transfer_audit} row of a member in a region, oldest first. */
    static List<TransferAudit> transferAudits(Federation federation, String regionId, String memberNumber)
            throws SQLException {
        List<TransferAudit> audits = new ArrayList<>();
        for (Map<String, Object> row : query(federation, regionDatabase(regionId),
                "SELECT member_number, direction, requesting_region, library_code, requested_by, fields, consent_at, "
                        + "outcome FROM member_transfer_audit WHERE member_number = ? ORDER BY created_at",
                memberNumber)) {
            audits.add(new TransferAudit(trimmed(row.get("member_number")), trimmed(row.get("direction")),
                    trimmed(row.get("requesting_region")), trimmed(row.get("library_code")),
                    trimmed(row.get("requested_by")), trimmed(row.get("fields")), row.get("consent_at") != null,
                    trimmed(row.get("outcome"))));
        }
        return audits;
    }

    /**
     * What an import may write at a region, counted: the member row of the number, the member's library
     * registrations, every registration at each of {@code libraries}, and the audit records of the number.
     */
    static Map<String, Long> importFootprint(Federation federation, String regionId, String memberNumber,
                                             List<String> libraries) throws SQLException {
        String database = regionDatabase(regionId);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("member rows of " + memberNumber, count(federation, database,
                "SELECT count(*) FROM member WHERE member_number = ?", memberNumber));
        counts.put("member_registration rows of " + memberNumber, count(federation, database,
                "SELECT count(*) FROM member_registration r JOIN member m ON m.id = r.member_id "
                        + "WHERE m.member_number = ?", memberNumber));
        for (String library : libraries) {
            counts.put("member_registration rows at " + library, count(federation, database,
                    "SELECT count(*) FROM member_registration WHERE library_code = ?", library));
        }
        counts.put("member_transfer_audit rows of " + memberNumber, count(federation, database,
                "SELECT count(*) FROM member_transfer_audit WHERE member_number = ?", memberNumber));
        return counts;
    }

    /** How many rows a region's {@code loan} table holds for an item barcode (every loan of it, active or not). */
    static long regionLoansOfItem(Federation federation, String regionId, String itemBarcode) throws SQLException {
        return count(federation, regionDatabase(regionId), "SELECT count(*) FROM loan WHERE item_barcode = ?",
                itemBarcode);
    }

    /** The ids of a member's active loans (not returned) in a region's {@code loan} table. */
    static Set<String> regionActiveLoanIds(Federation federation, String regionId, String memberNumber)
            throws SQLException {
        return column(federation, regionDatabase(regionId),
                "SELECT id::text FROM loan WHERE member_number = ? AND returned_at IS NULL", memberNumber);
    }

    /** The item barcodes of a member's active loans (not returned) in a region's {@code loan} table. */
    static Set<String> regionActiveItems(Federation federation, String regionId, String memberNumber)
            throws SQLException {
        return column(federation, regionDatabase(regionId),
                "SELECT item_barcode FROM loan WHERE member_number = ? AND returned_at IS NULL", memberNumber);
    }

    /** The ids of a member's loans in a region's {@code loan} table that were made in degraded mode. */
    static Set<String> regionDegradedLoanIds(Federation federation, String regionId, String memberNumber)
            throws SQLException {
        return column(federation, regionDatabase(regionId),
                "SELECT id::text FROM loan WHERE member_number = ? AND degraded", memberNumber);
    }

    /** The rights of a member's national cap a region holds in its own {@code member_rights} (0 without a row). */
    static int regionRightsHeld(Federation federation, String regionId, String memberNumber) throws SQLException {
        List<Map<String, Object>> rows = query(federation, regionDatabase(regionId),
                "SELECT held FROM member_rights WHERE member_number = ?", memberNumber);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("held")).intValue();
    }

    /** The hub's ledger of a member's rights ({@code member_rights}): region to rights held. */
    static Map<String, Integer> hubRightsHeld(Federation federation, String memberNumber) throws SQLException {
        Map<String, Integer> held = new TreeMap<>();
        for (Map<String, Object> row : query(federation, LocalPostgres.HUB_DATABASE,
                "SELECT region, held FROM member_rights WHERE member_number = ?", memberNumber)) {
            held.put(trimmed(row.get("region")), ((Number) row.get("held")).intValue());
        }
        return held;
    }

    /** The ids of a member's loans in the hub's {@code national_loan} ledger with that status (e.g. ACTIVE). */
    static Set<String> nationalLoanIds(Federation federation, String memberNumber, String status)
            throws SQLException {
        Set<String> ids = new TreeSet<>();
        for (Map<String, Object> row : query(federation, LocalPostgres.HUB_DATABASE,
                "SELECT loan_id::text AS loan_id, status FROM national_loan WHERE member_number = ?", memberNumber)) {
            if (status.equals(trimmed(row.get("status")))) {
                ids.add(trimmed(row.get("loan_id")));
            }
        }
        return ids;
    }

    /** The hub's {@code national_loan} rows of one loan id (one expected), as (status) values. */
    static List<String> nationalLoanRows(Federation federation, String loanId) throws SQLException {
        List<String> statuses = new ArrayList<>();
        for (Map<String, Object> row : query(federation, LocalPostgres.HUB_DATABASE,
                "SELECT status FROM national_loan WHERE loan_id::text = ?", loanId)) {
            statuses.add(trimmed(row.get("status")));
        }
        return statuses;
    }

    /** One entry per outbox row of that member (message key) and event type: whether it has been published. */
    static List<Boolean> outboxRows(Federation federation, String database, String memberNumber, String type)
            throws SQLException {
        List<Boolean> rows = new ArrayList<>();
        try (Connection connection = federation.postgres().connect(database);
             PreparedStatement statement = connection.prepareStatement("SELECT published_at IS NOT NULL FROM "
                     + "outbox_event WHERE message_key = ? AND payload::jsonb ->> 'type' = ?")) {
            statement.setString(1, memberNumber);
            statement.setString(2, type);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getBoolean(1));
                }
            }
        }
        return rows;
    }

    private static Set<String> column(Federation federation, String database, String sql, String parameter)
            throws SQLException {
        Set<String> values = new TreeSet<>();
        for (Map<String, Object> row : query(federation, database, sql, parameter)) {
            values.add(trimmed(row.values().iterator().next()));
        }
        return values;
    }

    private static long count(Federation federation, String database, String sql, String parameter)
            throws SQLException {
        List<Map<String, Object>> rows = query(federation, database, sql, parameter);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    private static List<Map<String, Object>> query(Federation federation, String database, String sql,
                                                   String parameter) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = federation.postgres().connect(database);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String trimmed(Object value) {
        return value == null ? null : value.toString().trim();
    }
}
