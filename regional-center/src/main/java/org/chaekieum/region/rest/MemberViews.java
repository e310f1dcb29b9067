package org.chaekieum.region.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.chaekieum.contracts.api.MemberView;
import org.chaekieum.region.config.RegionConfig;
import org.chaekieum.region.repository.Member;

/** Member entity -> the view a library gets. */
@ApplicationScoped
public class MemberViews {

    @Inject
    RegionConfig region;

    public MemberView of(Member m, String libraryCode) {
        return new MemberView(m.memberNumber, m.numberForm, m.issuingLibrary, m.imported ? m.homeRegion : region.id(),
                libraryCode, m.name, m.birthDate, m.phone, m.address, m.category, m.categoryModifier, m.modifierExpiresOn,
                m.status, m.statusReason, m.linkedTo, m.guardianConsentAt != null, m.enrolledAt);
    }
}
