package org.chaekieum.region.members;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.chaekieum.region.config.IdentityConfig;

/**
 * Keyed hash (HMAC-SHA256, hex) of an identity key (CI). Only this hash leaves the region; the key is not stored.
 */
@ApplicationScoped
public class IdentityHasher {

    private final SecretKeySpec key;

    IdentityHasher(IdentityConfig config) {
        if (config.hashKey().length() < 16) {
            throw new IllegalStateException("chaekieum.identity.hash-key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(config.hashKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Compares two identity hashes in constant time; false when either is missing (e.g. erased). */
    public static boolean same(String a, String b) {
        return a != null && b != null && java.security.MessageDigest.isEqual(
                a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    public String hash(String identityKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(identityKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
