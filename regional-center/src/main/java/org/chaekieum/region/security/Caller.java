package org.chaekieum.region.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.chaekieum.runtime.security.TokenClaims;

/**
 * The client behind the current request, as its token names it: the authorised party ({@code azp}, the client id in
 * a client-credentials token), else {@code client_id}, else the subject. Two library systems acting for the same
 * library are two clients.
 */
@ApplicationScoped
public class Caller {

    /** The longest client id kept (the column's width). */
    public static final int CLIENT_ID_MAX = 255;

    @Inject
    CurrentIdentityAssociation identities;

    /** The current request's client; empty text for a caller without a token (never one of our endpoints). */
    public String clientId() {
        return clientIdOf(identities.getIdentity());
    }

    static String clientIdOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return "";
        }
        String id = TokenClaims.text(identity, "azp")
                .or(() -> TokenClaims.text(identity, "client_id"))
                .or(() -> TokenClaims.text(identity, "sub"))
                .or(() -> Optional.ofNullable(identity.getPrincipal().getName()))
                .orElse("");
        return id.length() <= CLIENT_ID_MAX ? id : id.substring(0, CLIENT_ID_MAX);
    }
}
