package org.chaekieum.adapter.kiosk;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Kiosk login passwords (SIP2 CO) are kept only as salted PBKDF2-HMAC-SHA256 hashes:
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}. Plain JDK, so that the local run and an operator
 * can make a hash without the service:
 * {@code java -cp ils-adapter/target/quarkus-app/app/ils-adapter-0.1.0-SNAPSHOT.jar org.chaekieum.adapter.kiosk.KioskPasswords}
 * reads a password from the terminal (or one line of standard input) and prints its hash.
 */
public final class KioskPasswords {

    public static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KioskPasswords() {
    }

    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
    }

    /** Whether a stored hash is of the expected form (checked when accounts are loaded). */
    public static boolean isHash(String stored) {
        try {
            parse(stored);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Compares in constant time; false for a malformed stored hash. */
    public static boolean matches(char[] password, String stored) {
        Parsed parsed;
        try {
            parsed = parse(stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(parsed.hash, derive(password, parsed.salt, parsed.iterations));
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        if (stored == null) {
            throw new IllegalArgumentException("no hash");
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("not " + SCHEME + "$iterations$salt$hash");
        }
        int iterations = Integer.parseInt(parts[1]);
        if (iterations < 10_000 || iterations > 10_000_000) {
            throw new IllegalArgumentException("iterations out of range");
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] hash = Base64.getDecoder().decode(parts[3]);
        if (salt.length < 8 || hash.length != 32) {
            throw new IllegalArgumentException("salt or hash of the wrong length");
        }
        return new Parsed(iterations, salt, hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** Prints the hash of a password read from the terminal, or from the first line of standard input. */
    public static void main(String[] args) throws IOException {
        Console console = System.console();
        char[] password;
        if (console != null) {
            password = console.readPassword("Kiosk password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("no password given");
            System.exit(2);
        }
        System.out.println(hash(password));
        Arrays.fill(password, '\0');
    }
}
