package org.chaekieum.region.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import org.chaekieum.contracts.api.MemberView;
import org.chaekieum.region.circulation.CheckoutRules;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;

/** Member entity -> the view a library gets. */
@ApplicationScoped
public class MemberViews {

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    /** The view; the suspension is in it only while it runs (through its last day, in Korean time). */
    public MemberView of(Member m, String libraryCode) {
        boolean suspended = CheckoutRules.suspendedOn(m.suspendedUntil, LocalDate.now(clock));
        return new MemberView(m.memberNumber, m.numberForm, m.issuingLibrary, m.imported ? m.homeRegion : region.id(),
                libraryCode, m.name, m.birthDate, m.phone, m.address, m.category, m.categoryModifier, m.modifierExpiresOn,
                m.status, m.statusReason, m.linkedTo, m.guardianConsentAt != null, m.enrolledAt,
                suspended ? m.suspendedUntil : null, suspended ? trim(m.suspendedByLibrary) : null);
    }

    /** The column is char(6): a library code fills it, but nothing padded reaches a client. */
    private static String trim(String libraryCode) {
        return libraryCode == null ? null : libraryCode.trim();
    }
}
