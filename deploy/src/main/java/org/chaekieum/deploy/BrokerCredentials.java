package org.chaekieum.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The broker's principals and their passwords, in one file of the broker's work directory that only its owner may
 * read (0600 from its creation). A principal gets a random password the first time it is named; the same password
 * on every later start. A principal no longer named loses its password.
 */
final class BrokerCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;

    private BrokerCredentials(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    /** The passwords of {@code principals}: those kept in {@code file}, new ones for the others; writes the file. */
    static BrokerCredentials load(Path file, Collection<String> principals) {
        Properties kept = new Properties();
        if (Files.exists(file)) {
            if (!PrivateFiles.isPrivate(file)) {
                throw new IllegalStateException(file + " holds passwords but others may read it: delete it, or make it "
                        + "readable by its owner only (chmod 600)");
            }
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                kept.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + file, e);
            }
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String principal : principals) {
            String password = kept.getProperty(principal);
            passwords.put(principal, password == null || password.isBlank() ? newPassword() : password);
        }
        Map<String, String> before = new HashMap<>();
        kept.forEach((principal, password) -> before.put((String) principal, (String) password));
        if (!passwords.equals(before)) {
            StringWriter text = new StringWriter();
            text.append("# The local Kafka broker's SCRAM-SHA-512 passwords, one per principal (written by KafkaBroker)\n");
            new TreeMap<>(passwords).forEach((principal, password) ->
                    text.append(principal).append('=').append(password).append('\n'));
            PrivateFiles.write(file, text.toString());
        }
        return new BrokerCredentials(passwords);
    }

    String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no such principal on this broker: " + principal + " (known: "
                    + passwords.keySet() + ")");
        }
        return password;
    }

    Set<String> principals() {
        return passwords.keySet();
    }

    /** 32 random bytes, URL-safe Base64 without padding: nothing to quote in a JAAS line or a properties file. */
    private static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
