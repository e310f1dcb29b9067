package org.chaekieum.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.chaekieum.deploy.Federation.Kiosk;

/**
 * The SIP2 gateway for self-check kiosks (the packaged {@code ils-adapter}) as a child process of a {@link Federation}:
 * its SIP2 and HTTP ports, and the kiosks of this run with their passwords. Each password is generated when the
 * federation starts and kept only in memory; the gateway's accounts file ({@code <workDir>/sip2-kiosks.json}, readable
 * by the owner only) holds the hashes, made by the {@code KioskPasswords} of the very gateway build that checks them.
 * A restart ({@link Federation#startGateway}) keeps ports, kiosks and passwords.
 *
 * <p>{@link #connect} opens a kiosk's SIP2 connection (login included), for tests and for checking that the gateway
 * answers: {@link #start} logs in once with the first kiosk before it returns.
 */
public final class Sip2Gateway {

    /** The accounts file in the work directory. */
    static final String ACCOUNTS_FILE = "sip2-kiosks.json";
    private static final String PASSWORDS_CLASS = "org.chaekieum.adapter.kiosk.KioskPasswords";
    private static final DateTimeFormatter SIP2_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'    'HHmmss", Locale.ROOT);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final ServiceProcess process;
    private final int sip2Port;
    private final List<Kiosk> kiosks;
    private final Map<String, String> passwords;
    private final Path accountsFile;
    private final Duration readyTimeout;

    private Sip2Gateway(ServiceProcess process, int sip2Port, List<Kiosk> kiosks, Map<String, String> passwords,
                        Path accountsFile, Duration readyTimeout) {
        this.process = process;
        this.sip2Port = sip2Port;
        this.kiosks = List.copyOf(kiosks);
        this.passwords = Map.copyOf(passwords);
        this.accountsFile = accountsFile;
        this.readyTimeout = readyTimeout;
    }

    /** Where a federation in this work directory keeps the gateway's kiosk accounts. */
    static Path accountsFile(Path workDir) {
        return workDir.toAbsolutePath().resolve(ACCOUNTS_FILE);
    }

    /**
     * Generates a password per kiosk, writes the accounts file with their hashes and prepares the process (not
     * started).
     *
     * @param jar         the snapshot's {@code quarkus-run.jar} (its {@code app/} jar holds KioskPasswords)
     * @param properties  the gateway's settings (ports, accounts file, regions, OIDC client), as {@code -D}
     * @param environment its client secret (QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET)
     */
    static Sip2Gateway create(Path jar, int sip2Port, int httpPort, List<Kiosk> kiosks, Map<String, String> properties,
                              Map<String, String> environment, List<String> jvmOptions, Path workDir,
                              Duration readyTimeout) {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (Kiosk kiosk : kiosks) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            passwords.put(kiosk.login(), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        Path file = accountsFile(workDir);
        writeOwnerOnly(file, accountsJson(kiosks, hashes(jar, passwords)));
        ServiceProcess process = new ServiceProcess(Federation.GATEWAY, jar, httpPort, properties, environment,
                jvmOptions, workDir).readyTimeout(readyTimeout);
        return new Sip2Gateway(process, sip2Port, kiosks, passwords, file, readyTimeout);
    }

    /**
     * Starts the gateway and returns once it is ready: {@code /q/health/ready} answers 200, the SIP2 port accepts
     * connections and the first kiosk can log in (its account was read, its password matches).
     */
    void start() {
        Ports.requireFree(sip2Port, Federation.GATEWAY + " SIP2");
        process.start();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!Ports.accepts(sip2Port)) {
            if (!process.isRunning() || System.nanoTime() > deadline) {
                throw failure("the SIP2 port " + sip2Port + " does not accept connections");
            }
            sleep(100);
        }
        if (!kiosks.isEmpty()) {
            Kiosk first = kiosks.get(0);
            try (Connection connection = connect(first.login())) {
                if (!connection.loggedIn()) {
                    throw failure("kiosk " + first.login() + " could not log in (answer " + connection.loginAnswer()
                            + "); was the accounts file " + accountsFile + " refused?");
                }
            }
        }
    }

    void stop() {
        process.stop();
    }

    void kill() {
        process.kill();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** The SIP2 (plain TCP) port on 127.0.0.1. */
    public int sip2Port() {
        return sip2Port;
    }

    /** The HTTPS port in a federation (HTTP otherwise): health ({@code /q/health/ready}, {@code /q/health/well}) and metrics ({@code /q/metrics}). */
    public int httpPort() {
        return process.port();
    }

    /** e.g. {@code https://127.0.0.1:8095}. */
    public String baseUrl() {
        return process.baseUrl();
    }

    /** The HTTP status of a GET on the gateway, or -1 when it does not answer. */
    public int status(String path) {
        return process.status(path);
    }

    /** The kiosks of this run, in the order of the settings. */
    public List<Kiosk> kiosks() {
        return kiosks;
    }

    public Kiosk kiosk(String login) {
        return kiosks.stream().filter(kiosk -> kiosk.login().equals(login)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kiosk " + login + "; kiosks: " + logins()));
    }

    /** A kiosk's SIP2 login password (CO) of this run: random, URL-safe base64, 24 characters. */
    public String password(String login) {
        String password = passwords.get(login);
        if (password == null) {
            throw new IllegalArgumentException("no kiosk " + login + "; kiosks: " + logins());
        }
        return password;
    }

    /** The gateway's kiosk accounts file (hashes only; owner-only permissions). */
    public Path accountsFile() {
        return accountsFile;
    }

    /** The gateway's process (log file, properties, status). */
    public ServiceProcess process() {
        return process;
    }

    public Path logFile() {
        return process.logFile();
    }

    private List<String> logins() {
        return kiosks.stream().map(Kiosk::login).toList();
    }

    /**
     * A SIP2 date ({@code YYYYMMDDZZZZHHMMSS} with four blanks for the time zone), as the fixed fields of 11, 09 or 29
     * carry it.
     */
    public static String sip2Date(LocalDateTime time) {
        return SIP2_DATE.format(time);
    }

    /** A checkout (11) as a kiosk sends it, without error detection and CR: the date is now, no due date asked. */
    public static String checkoutMessage(String institution, String memberNumber, String itemBarcode) {
        return "11NN" + sip2Date(LocalDateTime.now()) + " ".repeat(18) + "AO" + institution + "|AA" + memberNumber
                + "|AB" + itemBarcode + "|";
    }

    /** Opens a kiosk's connection and logs in with its password and its first location (or none). */
    public Connection connect(String login) {
        return connect(login, password(login));
    }

    /** As {@link #connect(String)} with a given password (e.g. a wrong one); {@link Connection#loggedIn} tells. */
    public Connection connect(String login, String password) {
        Kiosk kiosk = kiosk(login);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sip2Port), 2_000);
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            Connection connection = new Connection(socket, kiosk);
            String location = kiosk.locations().isEmpty() ? "" : kiosk.locations().get(0);
            connection.loginAnswer = connection.send("9300CN" + login + "|CO" + password + "|CP" + location + "|");
            return connection;
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? new UncheckedIOException("SIP2 login of " + login + " on port "
                    + sip2Port + " failed", io) : (RuntimeException) e;
        }
    }

    /**
     * One kiosk's SIP2 connection: each message is sent in the kiosk's character set, with AY/AZ when the kiosk uses
     * error detection, and its answer (up to CR) is returned without the CR.
     */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final Kiosk kiosk;
        private final Charset charset;
        private int sequence;
        private String loginAnswer;

        private Connection(Socket socket, Kiosk kiosk) {
            this.socket = socket;
            this.kiosk = kiosk;
            this.charset = charset(kiosk.charset());
        }

        /** The answer to the login (93): {@code 941} when it was accepted, {@code 940} when not. */
        public String loginAnswer() {
            return loginAnswer;
        }

        public boolean loggedIn() {
            return loginAnswer != null && loginAnswer.startsWith("941");
        }

        public Kiosk kiosk() {
            return kiosk;
        }

        /** Sends one message (without CR) and returns the answer (without CR). */
        public String send(String message) {
            try {
                byte[] bytes;
                if (kiosk.errorDetection()) {
                    byte[] head = (message + "AY" + sequence + "AZ").getBytes(charset);
                    sequence = (sequence + 1) % 10;
                    bytes = concat(head, (checksum(head) + "\r").getBytes(StandardCharsets.US_ASCII));
                } else {
                    bytes = (message + "\r").getBytes(charset);
                }
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                return readAnswer();
            } catch (IOException e) {
                throw new UncheckedIOException("SIP2 exchange of kiosk " + kiosk.login() + " failed", e);
            }
        }

        private String readAnswer() throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\r'; ) {
                if (b < 0) {
                    throw new IOException("the gateway closed the connection" + (answer.size() == 0 ? ""
                            : " after " + answer.toString(charset)));
                }
                if (b != '\n' || answer.size() > 0) {
                    answer.write(b);
                }
            }
            return answer.toString(charset);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** The SIP2 checksum: the bytes summed, negated, as four hex digits. */
    static String checksum(byte[] bytes) {
        int sum = 0;
        for (byte b : bytes) {
            sum += b & 0xFF;
        }
        return String.format(Locale.ROOT, "%04X", (-sum) & 0xFFFF);
    }

    static Charset charset(String name) {
        return switch (name) {
            case "UTF-8" -> StandardCharsets.UTF_8;
            case "EUC-KR" -> Charset.forName("EUC-KR");
            case "CP949" -> Charset.forName("x-windows-949");
            default -> throw new IllegalArgumentException("no charset " + name);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The hash of each password, by the {@code KioskPasswords} in the packaged gateway's own jar
     * ({@code quarkus-app/app/}), loaded apart from this JVM's classpath: the hash is of the scheme the gateway
     * checks, whatever ils-adapter jar this module was built against.
     */
    static Map<String, String> hashes(Path quarkusRunJar, Map<String, String> passwords) {
        Path app = quarkusRunJar.toAbsolutePath().getParent().resolve("app");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(app)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(file.toUri().toURL());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the gateway's jar in " + app, e);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Method hash = loader.loadClass(PASSWORDS_CLASS).getMethod("hash", char[].class);
            for (Map.Entry<String, String> entry : passwords.entrySet()) {
                char[] password = entry.getValue().toCharArray();
                try {
                    hashes.put(entry.getKey(), (String) hash.invoke(null, (Object) password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException
                 | InvocationTargetException | IOException e) {
            throw new IllegalStateException("could not hash the kiosk passwords with " + PASSWORDS_CLASS + " of "
                    + jars + " (package ils-adapter again: ./mvnw -B -DskipTests package)", e);
        }
        return hashes;
    }

    /** The gateway's accounts file ({@code {"kiosks": [...]}}, the fields of its KioskAccounts.Entry). */
    static String accountsJson(List<Kiosk> kiosks, Map<String, String> hashes) {
        StringBuilder json = new StringBuilder("{\n  \"kiosks\": [");
        String separator = "\n";
        for (Kiosk kiosk : kiosks) {
            json.append(separator).append("    {")
                    .append("\"login\": ").append(quote(kiosk.login()))
                    .append(", \"passwordHash\": ").append(quote(hashes.get(kiosk.login())))
                    .append(", \"library\": ").append(quote(kiosk.library()))
                    .append(", \"institutions\": ").append(array(kiosk.institutions()))
                    .append(", \"locations\": ").append(array(kiosk.locations()))
                    .append(", \"operations\": ").append(array(Arrays.stream(Kiosk.Operation.values())
                            .filter(kiosk::allows).map(Enum::name).toList()))
                    .append(", \"charset\": ").append(quote(kiosk.charset()))
                    .append(", \"errorDetection\": ").append(kiosk.errorDetection())
                    .append(", \"language\": ").append(quote(kiosk.language()))
                    .append(", \"patronPassword\": ").append(kiosk.patronPassword())
                    .append(", \"maxConnections\": ").append(kiosk.maxConnections())
                    .append('}');
            separator = ",\n";
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private static String array(List<String> values) {
        return values.stream().map(Sip2Gateway::quote).reduce((a, b) -> a + ", " + b).map(v -> "[" + v + "]")
                .orElse("[]");
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** Writes the kiosk accounts file so that only its owner can ever read it ({@link OwnerOnlyFile}). */
    static void writeOwnerOnly(Path file, String content) {
        try {
            OwnerOnlyFile.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the kiosk accounts file " + file, e);
        }
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(Federation.GATEWAY + ": " + message + "; log " + process.logFile()
                + ", last lines:" + System.lineSeparator() + process.logTail(40));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + Federation.GATEWAY, e);
        }
    }

    @Override
    public String toString() {
        return Federation.GATEWAY + ": SIP2 on 127.0.0.1:" + sip2Port + ", HTTP " + baseUrl();
    }
}
