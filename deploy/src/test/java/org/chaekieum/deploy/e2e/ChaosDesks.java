package org.chaekieum.deploy.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.deploy.Federation;

/**
 * Circulation desks and kiosks as a busy library day has them, for {@link FederationChaosIT}: each desk lends new
 * items of its library to the members and takes back books lent anywhere (about half of them by the other region),
 * every request with its own Idempotency-Key, sent again with that key until it gets an answer (a 2xx or a 4xx): a
 * 5xx, a refused connection or a timeout is retried after a short pause, as a kiosk does. Some answered requests are
 * sent once more (a kiosk that lost the answer on its screen) and must get the same answer. Every answer is recorded.
 */
final class ChaosDesks {

    /** One answer a desk got: what it sent, when, and what came back. */
    record Answer(String desk, String operation, String item, String key, long atMillis, int status, String code,
                  String body) {
    }

    /** A loan a desk was told about (201, or 200 for a repeated request). */
    record Loan(String loanId, String memberNumber, String library, String itemBarcode, boolean degraded) {
    }

    /** A return a desk was told about (200, or 202: kept until the owning region can be reached). */
    record Return(Loan loan, String atLibrary, int status, String returnedAt) {
    }

    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config().sslConfig(FederationExtension.TLS).httpClient(HttpClientConfig
            .httpClientConfig()
            .setParam("http.connection.timeout", 2_000)
            .setParam("http.socket.timeout", 20_000));
    /**
     * 5xx answers that are decisions a desk acts on, not failures to retry: the national cap cannot be checked and the
     * degraded allowance is used up, so the member is asked to come back later (nothing was written).
     */
    static final Set<String> DECISIONS = Set.of("NATIONAL_CAP_UNVERIFIABLE");
    /** Active loans per member kept below this, so that neither cap refuses and members stay ordinary. */
    private static final int MAX_LOANS_PER_MEMBER = 6;

    private final Federation federation;
    private final List<String> members;
    private final List<String> libraries;
    private final long t0 = System.currentTimeMillis();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Loan> loans = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Return> returns = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> mismatchedReplays = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger replays = new AtomicInteger();
    final AtomicInteger refusedCheckouts = new AtomicInteger();

    /** Loans not yet taken back, for any desk to take back (each by one desk only). */
    private final ConcurrentLinkedQueue<Loan> onLoan = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> activePerMember = new ConcurrentHashMap<>();

    ChaosDesks(Federation federation, List<String> members, List<String> libraries) {
        this.federation = federation;
        this.members = List.copyOf(members);
        this.libraries = List.copyOf(libraries);
        members.forEach(member -> activePerMember.put(member, new AtomicInteger()));
    }

    /** Milliseconds since these desks opened. */
    long now() {
        return System.currentTimeMillis() - t0;
    }

    /** Opens {@code perLibrary} desks at each library; they work until {@link #close}. */
    void open(int perLibrary) {
        for (String library : libraries) {
            for (int i = 1; i <= perLibrary; i++) {
                String desk = library + "/desk-" + i;
                Thread thread = new Thread(() -> work(desk, library), "chaos-" + desk);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
    }

    /** Lets each desk finish the request it is on (retried until answered), then stops them. */
    void close(Duration atMost) throws InterruptedException {
        running.set(false);
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                anomalies.add(thread.getName() + " still waiting for an answer when the desks closed");
                thread.interrupt();
            }
        }
    }

    private void work(String desk, String library) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            try {
                // A member brings back a book lent anywhere: about half of them were lent by the other region.
                Loan loan = random.nextInt(100) < 45 ? onLoan.poll() : null;
                if (loan != null) {
                    giveBack(desk, library, loan);
                } else {
                    lend(desk, library);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void lend(String desk, String library) throws InterruptedException {
        String member = members.get(ThreadLocalRandom.current().nextInt(members.size()));
        AtomicInteger active = activePerMember.get(member);
        if (active.incrementAndGet() > MAX_LOANS_PER_MEMBER) {
            active.decrementAndGet();
            return;
        }
        String item = Circulation.newItem(library);
        String key = "chaos-checkout-" + UUID.randomUUID();
        Object body = new CheckoutRequest(member, item);
        Response answer = untilAnswered(desk, "checkout", library, Circulation.CHECKOUTS, key, body);
        if (answer.statusCode() == 201 || answer.statusCode() == 200) {
            Loan loan = new Loan(answer.jsonPath().getString("loanId"), member, library, item,
                    answer.jsonPath().getBoolean("degraded"));
            loans.add(loan);
            onLoan.add(loan);
            replayOnceInAWhile(desk, "checkout", library, Circulation.CHECKOUTS, key, body, answer, "loanId");
        } else {
            active.decrementAndGet();
            refusedCheckouts.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(100); // the member is told and steps aside; the next one comes to the desk
        }
    }

    private void giveBack(String desk, String atLibrary, Loan loan) throws InterruptedException {
        String key = "chaos-return-" + UUID.randomUUID();
        Object body = new ReturnRequest(loan.itemBarcode());
        Response answer = untilAnswered(desk, "return", atLibrary, Circulation.RETURNS, key, body);
        if (answer.statusCode() == 200 || answer.statusCode() == 202) {
            returns.add(new Return(loan, atLibrary, answer.statusCode(), answer.jsonPath().getString("returnedAt")));
            activePerMember.get(loan.memberNumber()).decrementAndGet();
            replayOnceInAWhile(desk, "return", atLibrary, Circulation.RETURNS, key, body, answer, "returnedAt");
        } else {
            anomalies.add("return of acknowledged loan " + loan.loanId() + " at " + atLibrary + " answered "
                    + answer.statusCode() + " " + answer.asString());
        }
    }

    /** Sends the request with its key until it gets a 2xx or a 4xx; records every answer it gets. */
    private Response untilAnswered(String desk, String operation, String library, String path, String key,
                                   Object body) throws InterruptedException {
        String item = item(body);
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                retries.incrementAndGet();
                // The kiosk's pause before it sends again: a client's back-off, not a wait for the test's sake.
                TimeUnit.MILLISECONDS.sleep(Math.min(1_000, 100L * attempt));
            }
            Response answer;
            try {
                answer = send(library, path, key, body);
            } catch (Exception unreachable) { // refused, reset or timed out (thrown unchecked by the HTTP client)
                answers.add(new Answer(desk, operation, item, key, now(), 0, "NO_ANSWER", unreachable.toString()));
                continue;
            }
            String code = answer.statusCode() >= 400 ? codeOf(answer) : null;
            answers.add(new Answer(desk, operation, item, key, now(), answer.statusCode(), code,
                    answer.statusCode() >= 500 ? answer.asString() : null));
            if (answer.statusCode() < 500 || DECISIONS.contains(code)) {
                return answer;
            }
        }
    }

    /** One answered request in ten is sent again with its key, as a kiosk that lost the answer does. */
    private void replayOnceInAWhile(String desk, String operation, String library, String path, String key,
                                    Object body, Response first, String field) throws InterruptedException {
        if (ThreadLocalRandom.current().nextInt(10) != 0) {
            return;
        }
        replays.incrementAndGet();
        Response again = untilAnswered(desk, operation + "-replay", library, path, key, body);
        if (again.statusCode() >= 300 || !Objects.equals(again.jsonPath().getString(field),
                first.jsonPath().getString(field))) {
            mismatchedReplays.add(operation + " " + key + ": first " + first.statusCode() + " " + first.asString()
                    + ", again " + again.statusCode() + " " + again.asString());
        }
    }

    private static String item(Object body) {
        return body instanceof CheckoutRequest checkout ? checkout.itemBarcode() : ((ReturnRequest) body).itemBarcode();
    }

    /** The problem's code; a body that is no problem+json at all is itself worth reporting. */
    private static String codeOf(Response answer) {
        try {
            String code = answer.jsonPath().getString("code");
            return code == null ? "NO_CODE" : code;
        } catch (RuntimeException notJson) {
            return "NOT_PROBLEM_JSON";
        }
    }

    private Response send(String library, String path, String key, Object body) {
        return given().config(CONFIG).baseUri(federation.regionOfLibrary(library).baseUrl())
                .header("Accept", Library.ACCEPT)
                .header(Circulation.IDEMPOTENCY_KEY, key)
                .contentType(ContentType.JSON)
                .body(body)
                .post(path, library);
    }
}
