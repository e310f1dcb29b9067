package org.chaekieum.adapter.kiosk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chaekieum.adapter.config.GatewayConfig;
import org.chaekieum.adapter.kiosk.KioskAccount.Operation;
import org.chaekieum.contracts.id.LibraryCode;
import org.jboss.logging.Logger;

/**
 * The kiosk accounts, from a JSON file ({@code chaekieum.sip2.accounts}; in Kubernetes a mounted Secret). The file is
 * read again when it changes, without a restart: a file that does not read cleanly is refused as a whole (the accounts
 * in use stay, an ERROR says why, {@code chaekieum.sip2.accounts.reload.failures} counts it). Connections already logged
 * in keep their account until they close.
 */
@ApplicationScoped
public class KioskAccounts {

    private static final Logger LOG = Logger.getLogger(KioskAccounts.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Counter: accounts files refused (or unreadable); the accounts in use stay. */
    public static final String RELOAD_FAILURES_METRIC = "chaekieum.sip2.accounts.reload.failures";

    /** The file as written by operators. */
    public record File(List<Entry> kiosks) {
    }

    /** One account as written in the file; see {@link KioskAccount} for the meaning of each field. */
    public record Entry(String login, String passwordHash, List<String> institutions, List<String> locations,
                        String library, List<String> operations, String charset, Boolean errorDetection,
                        String language, Boolean patronPassword, Integer maxConnections) {
    }

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    @Inject
    GatewayConfig config;

    private volatile Map<String, KioskAccount> accounts = Map.of();
    private volatile FileTime loadedVersion;
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        metrics.counter(RELOAD_FAILURES_METRIC); // 0 from the start: an alert on its increase sees the first failure
        Optional<String> accountsFile = config.accounts();
        if (accountsFile.isEmpty()) {
            LOG.warn("No kiosk accounts file (chaekieum.sip2.accounts): no kiosk can log in");
            return;
        }
        Path path = Path.of(accountsFile.get());
        reload(path);
        timer = vertx.setPeriodic(config.accountsCheckInterval().toMillis(), id -> vertx.executeBlocking(() -> {
            reload(path);
            return null;
        }, false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public Optional<KioskAccount> byLogin(String login) {
        return Optional.ofNullable(accounts.get(login));
    }

    public int size() {
        return accounts.size();
    }

    /** Reads the file if it changed since the last load; keeps the accounts in use when it does not read cleanly. */
    synchronized void reload(Path path) {
        FileTime version;
        try {
            version = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            if (loadedVersion != null || accounts.isEmpty()) {
                LOG.errorf("Kiosk accounts file %s cannot be read (%s); keeping the %d accounts in use", path,
                        e.getClass().getSimpleName(), accounts.size());
                metrics.counter(RELOAD_FAILURES_METRIC).increment();
                loadedVersion = null;
            }
            return;
        }
        if (version.equals(loadedVersion)) {
            return;
        }
        try {
            Map<String, KioskAccount> read = parse(Files.readAllBytes(path));
            accounts = read;
            loadedVersion = version;
            LOG.infof("Kiosk accounts loaded from %s: %d kiosks", path, read.size());
        } catch (IOException | IllegalArgumentException e) {
            loadedVersion = version;
            metrics.counter(RELOAD_FAILURES_METRIC).increment();
            LOG.errorf("Kiosk accounts file %s refused, keeping the %d accounts in use: %s", path, accounts.size(),
                    e.getMessage());
        }
    }

    /** Reads and checks a whole accounts file; any mistake refuses it, naming the account and the field. */
    public static Map<String, KioskAccount> parse(byte[] json) throws IOException {
        File file;
        try {
            file = JSON.readValue(json, File.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a kiosk accounts file: " + e.getOriginalMessage(), e);
        }
        if (file == null || file.kiosks() == null) {
            throw new IllegalArgumentException("the file has no \"kiosks\" list");
        }
        Map<String, KioskAccount> accounts = new LinkedHashMap<>();
        int index = 0;
        for (Entry entry : file.kiosks()) {
            KioskAccount account = account(entry, index++);
            if (accounts.putIfAbsent(account.login(), account) != null) {
                throw new IllegalArgumentException("login " + account.login() + " appears twice");
            }
        }
        return Map.copyOf(accounts);
    }

    private static KioskAccount account(Entry entry, int index) {
        String where = "kiosk #" + index;
        if (entry == null || entry.login() == null || entry.login().isBlank() || entry.login().length() > 64
                || entry.login().contains("|")) {
            throw new IllegalArgumentException(where + ": login is required (1-64 characters, no '|')");
        }
        where = "kiosk " + entry.login();
        if (!KioskPasswords.isHash(entry.passwordHash())) {
            throw new IllegalArgumentException(where + ": passwordHash must be " + KioskPasswords.SCHEME
                    + "$iterations$salt$hash (make one with KioskPasswords)");
        }
        if (entry.library() == null || !LibraryCode.isValid(entry.library())) {
            throw new IllegalArgumentException(where + ": library must be a 6-digit library code");
        }
        Set<Operation> operations = EnumSet.noneOf(Operation.class);
        List<String> names = entry.operations() == null ? List.of("CHECKOUT", "CHECKIN", "RENEW") : entry.operations();
        for (String name : names) {
            try {
                operations.add(Operation.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(where + ": operations are CHECKOUT, CHECKIN, RENEW, not " + name);
            }
        }
        Charset charset = charset(entry.charset() == null ? "UTF-8" : entry.charset(), where);
        String language = entry.language() == null ? "ko" : entry.language().toLowerCase(Locale.ROOT);
        if (!language.equals("ko") && !language.equals("en")) {
            throw new IllegalArgumentException(where + ": language is ko or en");
        }
        int maxConnections = entry.maxConnections() == null ? 4 : entry.maxConnections();
        if (maxConnections < 1 || maxConnections > 100) {
            throw new IllegalArgumentException(where + ": maxConnections is 1 to 100");
        }
        return new KioskAccount(entry.login(), entry.passwordHash(),
                Set.copyOf(entry.institutions() == null ? List.of() : entry.institutions()),
                Set.copyOf(entry.locations() == null ? List.of() : entry.locations()), entry.library(), operations,
                charset, Boolean.TRUE.equals(entry.errorDetection()), Locale.forLanguageTag(language),
                Boolean.TRUE.equals(entry.patronPassword()), maxConnections);
    }

    /** UTF-8, EUC-KR, or CP949 (Windows' extension of EUC-KR that older Korean kiosks use). */
    static Charset charset(String name, String where) {
        List<String> allowed = new ArrayList<>(KioskAccount.charsetNames());
        String upper = name.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "EUC-KR", "EUCKR" -> Charset.forName("EUC-KR");
            case "CP949", "MS949", "X-WINDOWS-949" -> Charset.forName("x-windows-949");
            default -> throw new IllegalArgumentException(where + ": charset is one of " + allowed + ", not " + name);
        };
    }
}
