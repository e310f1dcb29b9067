package org.chaekieum.region.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A return at one of this region's libraries of another region's item, answered {@code 202} while the owning region
 * could not be reached through the hub, and kept until it is applied there with its original time. At most one is open
 * per item (a unique index): the same book scanned again, or a concurrent twin, is the same return.
 */
@Entity
@Table(name = "pending_return")
public class PendingReturn extends PanacheEntityBase {

    /** The unique index on the open return of an item. */
    public static final String OPEN_ITEM_INDEX = "pending_return_open_item";

    @Id
    public UUID id;

    public String itemBarcode;

    public String returnedAtLibrary;

    public Instant returnedAt;

    public Instant createdAt;

    /** When the owning region applied it (or refused it for good); null while it waits. */
    public Instant appliedAt;

    /** {@code APPLIED}, or {@code REFUSED_<code>} with the owning region's refusal. */
    public String outcome;

    /** The oldest returns still waiting, first kept first. */
    public static List<PendingReturn> oldestOpen(int limit) {
        return find("appliedAt is null order by createdAt, id").page(0, limit).list();
    }

    public static Optional<PendingReturn> openOf(String itemBarcode) {
        return find("itemBarcode = ?1 and appliedAt is null", itemBarcode).firstResultOptional();
    }

    public static long open() {
        return count("appliedAt is null");
    }
}
