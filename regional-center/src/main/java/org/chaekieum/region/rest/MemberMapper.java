package org.chaekieum.region.rest;

import org.chaekieum.contracts.api.MemberView;
import org.chaekieum.region.repository.Member;

final class MemberMapper {
    private MemberMapper() {
    }

    static MemberView toView(Member m, String libraryCode) {
        return new MemberView(m.memberNumber, m.numberForm, m.issuingLibrary, libraryCode, m.name, m.birthDate, m.phone,
                m.address, m.category, m.status, m.statusReason, m.linkedTo, m.guardianConsentAt != null, m.enrolledAt);
    }
}
