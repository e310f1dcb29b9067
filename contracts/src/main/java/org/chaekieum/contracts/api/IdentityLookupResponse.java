package org.chaekieum.contracts.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether a person (by identity hash) already holds a unified member number, and which. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityLookupResponse(boolean enrolled, String memberNumber, String issuingLibrary, String region,
                                     MemberStatus status) {

    public static IdentityLookupResponse none() {
        return new IdentityLookupResponse(false, null, null, null, null);
    }
}
