package org.chaekieum.region.members;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A library's local card password, kept only as a salted PBKDF2-HMAC-SHA256 hash in the form
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 120_000;
    /** Bounds of a stored iteration count: a damaged row must not make one check run for minutes. */
    private static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private final SecureRandom random = new SecureRandom();

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password.toCharArray(), salt, ITERATIONS, 256));
    }

    /**
     * Whether the password is the one the stored hash was made of, compared in constant time (with the salt and
     * iterations the hash was made with).
     *
     * @throws IllegalStateException when the stored value is not a hash of this form (the message never shows it)
     */
    public boolean matches(String password, String storedHash) {
        String[] parts = storedHash == null ? new String[0] : storedHash.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalStateException("stored card password is not a " + SCHEME + " hash");
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalStateException("stored card password is not a readable " + SCHEME + " hash");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length == 0) {
            throw new IllegalStateException("stored card password has unusable " + SCHEME + " parameters");
        }
        byte[] actual = derive(password.toCharArray(), salt, iterations, expected.length * 8);
        return MessageDigest.isEqual(actual, expected);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
