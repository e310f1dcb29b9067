package org.chaekieum.adapter.kolas;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in regional center for the tests, on a free port of 127.0.0.1 (a JDK {@link HttpServer}):
 * <ul>
 *   <li>an OIDC token at {@code POST /realms/test/protocol/openid-connect/token}, whatever the credentials;</li>
 *   <li>canned answers from {@code kolas/region/index.txt} on the test class path: one line per answer,
 *   {@code METHOD PATH STATUS FILE [BODY-TEXT]}, the first line that matches wins; a line with BODY-TEXT matches only
 *   a request whose body contains that text (several enrollments share one path); an answer of status 400 or more
 *   is {@code application/problem+json}, else {@code application/json}; FILE {@code -} is an empty body;</li>
 *   <li>any other path: 404 problem+json with code {@code NOT_FOUND}.</li>
 * </ul>
 * Every request under {@code /api/} is kept, in order, in {@link #received()} (method, decoded path, headers, body).
 */
public final class StandInRegion {

    /** A request the stand-in received. Header names lower-case. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            return method + " " + path + " " + body;
        }
    }

    private record Canned(String method, String path, int status, String file, String bodyText) {
    }

    private static final String INDEX = "/kolas/region/index.txt";
    private static final String TOKEN_PATH = "/realms/test/protocol/openid-connect/token";
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static volatile int tokensIssued;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Canned> canned;

    private StandInRegion(HttpServer server, ExecutorService executor, List<Canned> canned) {
        this.server = server;
        this.executor = executor;
        this.canned = canned;
    }

    /** Starts a stand-in on a free port of 127.0.0.1. */
    public static StandInRegion start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "stand-in-region");
                thread.setDaemon(true);
                return thread;
            });
            StandInRegion region = new StandInRegion(server, executor, index());
            server.createContext("/", region::handle);
            server.setExecutor(executor);
            server.start();
            return region;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The stand-in's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests under {@code /api/} received so far, in order. */
    public static List<Received> received() {
        return List.copyOf(RECEIVED);
    }

    public static void clear() {
        RECEIVED.clear();
    }

    /** How many tokens the stand-in's token endpoint issued. */
    public static int tokensIssued() {
        return tokensIssued;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if ("POST".equals(method) && TOKEN_PATH.equals(path)) {
                tokensIssued++;
                send(exchange, 200, "application/json", "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":300}");
                return;
            }
            if (path.startsWith("/api/")) {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
                RECEIVED.add(new Received(method, path, headers, body));
            }
            for (Canned answer : canned) {
                if (answer.method().equals(method) && answer.path().equals(path)
                        && (answer.bodyText() == null || body.contains(answer.bodyText()))) {
                    String json = "-".equals(answer.file()) ? "" : resource("/kolas/region/" + answer.file());
                    send(exchange, answer.status(), answer.status() >= 400 ? "application/problem+json"
                            : "application/json", json);
                    return;
                }
            }
            send(exchange, 404, "application/problem+json", """
                    {"type":"https://chaekieum.kr/problems/not-found","title":"No such resource.","status":404,\
                    "code":"NOT_FOUND","titleKo":"요청한 주소를 찾을 수 없습니다.",\
                    "detailKo":"요청한 주소를 찾을 수 없습니다.","context":{"path":"%s"}}""".formatted(
                    path.replace("\\", "\\\\").replace("\"", "\\\"")));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static List<Canned> index() {
        List<Canned> canned = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(INDEX), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 5);
                if (parts.length < 4) {
                    throw new IllegalStateException("bad line in " + INDEX + ": " + line);
                }
                canned.add(new Canned(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3],
                        parts.length == 5 ? parts[4] : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return canned;
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = StandInRegion.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("no test resource " + name);
        }
        return in;
    }
}
