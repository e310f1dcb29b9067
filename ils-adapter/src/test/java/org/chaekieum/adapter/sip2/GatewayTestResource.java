package org.chaekieum.adapter.sip2;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.chaekieum.adapter.kiosk.KioskPasswords;
import org.chaekieum.adapter.kolas.StandInRegion;

/**
 * The gateway under test: kiosk accounts in a temporary file (passwords known to the tests), a regional center
 * ("seoul", libraries 111001 and 111002) at an address where nothing listens, so that every call to it fails at once
 * (the off-line answers), and a stand-in regional center ("gyeonggi", libraries 141001 and 141002) that answers canned
 * JSON and issues the OIDC token ({@link StandInRegion}; the KOLAS golden frames use it).
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PASSWORD = "kiosk-test-password";
    public static final String KEY_STORE_PASSWORD = "sip2-test-store";
    private static Path accounts;
    private static Path keyStore;
    private static StandInRegion standIn;

    @Override
    public Map<String, String> start() {
        try {
            accounts = Files.createTempFile("kiosks", ".json");
            write(accounts, "");
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            keyStore = Files.createTempFile("sip2-tls", ".p12");
            Files.delete(keyStore);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "sip2", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", KEY_STORE_PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            standIn = StandInRegion.start();
            Map<String, String> config = new HashMap<>();
            // A region that answers (canned), for the KOLAS golden frames, and the token for every region.
            config.put("chaekieum.sip2.regions.\"gyeonggi\".url", standIn.url());
            config.put("chaekieum.sip2.regions.\"gyeonggi\".libraries", "141001,141002");
            config.put("chaekieum.kolas.listeners.\"golden\".port", "0");
            config.put("chaekieum.kolas.listeners.\"golden\".libraries", "141001,141002");
            config.put("chaekieum.kolas.listeners.\"golden\".allowed-clients", "127.0.0.1/32");
            config.put("chaekieum.kolas.library-names.\"141001\"", "경기테스트도서관");
            // The KOLAS bridge: one listener for the test's libraries, one that allows no local client.
            config.put("chaekieum.kolas.listeners.\"test\".port", "0");
            config.put("chaekieum.kolas.listeners.\"test\".libraries", "111001,111002");
            config.put("chaekieum.kolas.listeners.\"test\".allowed-clients", "127.0.0.1/32");
            config.put("chaekieum.kolas.listeners.\"walled\".port", "0");
            config.put("chaekieum.kolas.listeners.\"walled\".libraries", "111002");
            config.put("chaekieum.kolas.listeners.\"walled\".allowed-clients", "10.255.0.0/16");
            config.put("chaekieum.kolas.library-names.\"111001\"", "서울테스트도서관");
            config.putAll(Map.of(
                    "chaekieum.sip2.tls.enabled", "true",
                    "chaekieum.sip2.tls.port", "0",
                    "quarkus.tls.sip2.key-store.p12.path", keyStore.toString(),
                    "quarkus.tls.sip2.key-store.p12.password", KEY_STORE_PASSWORD,
                    "chaekieum.sip2.accounts", accounts.toString(),
                    "chaekieum.sip2.regions.\"seoul\".url", "http://127.0.0.1:" + closedPort,
                    "chaekieum.sip2.regions.\"seoul\".libraries", "111001,111002",
                    "quarkus.oidc-client.auth-server-url", standIn.url() + "/realms/test"));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The TLS listener's key store (a self-signed certificate for 127.0.0.1 made by keytool for this run). */
    public static Path keyStore() {
        return keyStore;
    }

    /** The accounts file with the standard test kiosks and {@code extra} (JSON objects, comma-led) after them. */
    public static void write(Path file, String extra) {
        String hash = KioskPasswords.hash(PASSWORD.toCharArray());
        String json = """
                {"kiosks": [
                  {"login": "kiosk-a", "passwordHash": "%1$s", "library": "111001", "locations": ["1F"]},
                  {"login": "kiosk-b", "passwordHash": "%1$s", "library": "111001"},
                  {"login": "kiosk-checked", "passwordHash": "%1$s", "library": "111001", "errorDetection": true},
                  {"login": "kiosk-euckr", "passwordHash": "%1$s", "library": "111002", "charset": "EUC-KR"},
                  {"login": "kiosk-en", "passwordHash": "%1$s", "library": "111002", "language": "en",
                   "operations": ["CHECKIN"]},
                  {"login": "kiosk-single", "passwordHash": "%1$s", "library": "111001", "maxConnections": 1}
                  %2$s
                ]}
                """.formatted(hash, extra);
        try {
            Files.writeString(file, json);
            // A new modification time even within the file system's clock granularity.
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()
                    + (long) (Math.random() * 100_000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path accounts() {
        return accounts;
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.stop();
            standIn = null;
        }
        try {
            if (accounts != null) {
                Files.deleteIfExists(accounts);
            }
            if (keyStore != null) {
                Files.deleteIfExists(keyStore);
            }
        } catch (IOException e) {
            // a temporary file
        }
    }
}
