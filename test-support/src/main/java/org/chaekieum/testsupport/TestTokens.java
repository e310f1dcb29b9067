package org.chaekieum.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.chaekieum.contracts.security.Access;

/**
 * Access tokens as the federation's identity provider would issue them, signed with the key whose public half the
 * Quarkus test OIDC server ({@link OidcResource}) publishes, plus every kind of bad token a service must refuse.
 */
public final class TestTokens {

    /** The issuer the test OIDC server's tokens carry (the services' test profile expects it). */
    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = Access.DEFAULT_AUDIENCE;
    private static final String KEY = "privateKey.jwk";
    private static final String KEY_ID = "1";

    private TestTokens() {
    }

    /** A library system acting for these library codes. */
    public static String librarySystem(String... libraryCodes) {
        return sign(claims("ils-" + String.join("-", libraryCodes), Set.of(Access.LIBRARY_SYSTEM))
                .claim(Access.LIBRARY_CODES, List.of(libraryCodes)));
    }

    public static String operator(String region) {
        return sign(claims("operator-" + region, Set.of(Access.REGION_OPERATOR)).claim(Access.REGION, region));
    }

    public static String monitor() {
        return sign(claims("national-monitor", Set.of(Access.NATIONAL_MONITOR)));
    }

    public static String regionService(String region) {
        return sign(claims("service-account-region-" + region, Set.of(Access.REGION_SERVICE))
                .claim(Access.REGION, region));
    }

    public static String hubService() {
        return sign(claims("service-account-national-hub", Set.of(Access.HUB_SERVICE)));
    }

    /** A valid token with no role of the federation at all. */
    public static String noRole() {
        return sign(claims("someone", Set.of("offline_access")));
    }

    /**
     * Every role at once, for tests of behaviour rather than access (the access matrix tests each role alone): library
     * codes and region as given.
     */
    public static String everyRole(String region, String... libraryCodes) {
        return sign(claims("test-everything", Set.of(Access.LIBRARY_SYSTEM, Access.REGION_OPERATOR,
                Access.NATIONAL_MONITOR, Access.REGION_SERVICE, Access.HUB_SERVICE))
                .claim(Access.LIBRARY_CODES, List.of(libraryCodes))
                .claim(Access.REGION, region)
                .expiresIn(Duration.ofHours(12)));
    }

    // ---- tokens every service must refuse with 401 ------------------------------------------------------------------

    public static String expired(String... libraryCodes) {
        Instant now = Instant.now();
        return sign(claims("ils-expired", Set.of(Access.LIBRARY_SYSTEM))
                .claim(Access.LIBRARY_CODES, List.of(libraryCodes))
                .issuedAt(now.minus(Duration.ofHours(2)))
                .expiresAt(now.minus(Duration.ofHours(1))));
    }

    public static String wrongIssuer(String... libraryCodes) {
        return sign(claims("ils-elsewhere", Set.of(Access.LIBRARY_SYSTEM))
                .claim(Access.LIBRARY_CODES, List.of(libraryCodes))
                .issuer("https://idp.elsewhere.example.org"));
    }

    public static String wrongAudience(String... libraryCodes) {
        return sign(claims("ils-other-audience", Set.of(Access.LIBRARY_SYSTEM))
                .claim(Access.LIBRARY_CODES, List.of(libraryCodes))
                .audience("some-other-api"));
    }

    /** Signed by a key the identity provider never published. */
    public static String foreignKey(String... libraryCodes) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey key = generator.generateKeyPair().getPrivate();
            return claims("ils-forged", Set.of(Access.LIBRARY_SYSTEM))
                    .claim(Access.LIBRARY_CODES, List.of(libraryCodes))
                    .jws().keyId(KEY_ID).sign(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A genuine token for one library whose payload was edited afterwards to claim more (the signature no longer fits). */
    public static String tampered(String genuineLibrary, String... claimedLibraries) {
        String[] parts = librarySystem(genuineLibrary).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String claimed = String.join("\",\"", claimedLibraries);
        String edited = payload.replaceFirst("\"" + Access.LIBRARY_CODES + "\":\\[[^]]*]",
                "\"" + Access.LIBRARY_CODES + "\":[\"" + claimed + "\"]");
        if (edited.equals(payload)) {
            throw new IllegalStateException("could not edit " + Arrays.toString(parts));
        }
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static JwtClaimsBuilder claims(String subject, Set<String> roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("azp", subject)
                .claim("jti", UUID.randomUUID().toString())
                .groups(roles)
                .expiresIn(Duration.ofMinutes(30));
    }

    private static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).sign(KEY);
    }
}
