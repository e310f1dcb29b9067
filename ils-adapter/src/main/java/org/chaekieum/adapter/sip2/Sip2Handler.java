package org.chaekieum.adapter.sip2;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.chaekieum.adapter.config.GatewayConfig;
import org.chaekieum.adapter.kiosk.KioskAccount;
import org.chaekieum.adapter.kiosk.KioskAccounts;
import org.chaekieum.adapter.kiosk.KioskPasswords;
import org.chaekieum.adapter.region.RegionClients;
import org.jboss.logging.Logger;

/**
 * Answers one kiosk message: reads the frame (checksum, character set), keeps the protocol's order (login first, 97
 * resends the last answer, a request sent again gets the same answer), and hands circulation messages to
 * {@link KioskDesk}. Never throws: whatever happens, the kiosk gets an answer it understands.
 */
@ApplicationScoped
public class Sip2Handler {

    private static final Logger LOG = Logger.getLogger(Sip2Handler.class);

    /** What to send back, and whether the connection is to be closed after it. */
    public record Outcome(byte[] answer, boolean close) {
    }

    @Inject
    KioskAccounts accounts;

    @Inject
    KioskDesk desk;

    @Inject
    RegionClients regions;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    @Inject
    KioskConnections connections;

    @Inject
    GatewayConfig config;

    public Outcome handle(Sip2Session session, byte[] frame) {
        long t0 = System.nanoTime();
        String command = "??";
        String outcome = "ok";
        try {
            if (isBareResendRequest(frame)) {
                // 97 carries nothing to protect: accepted without a checksum even where error detection is required,
                // since a kiosk asks for it exactly when something went wrong on the line.
                command = "97";
                byte[] last = session.lastResponse();
                return new Outcome(last != null ? last : requestResend(session), false);
            }
            Sip2Message message;
            try {
                message = Sip2Message.parse(frame, session.charset(), session.errorDetectionRequired());
            } catch (Sip2FormatException e) {
                outcome = "refused-" + e.reason().name().toLowerCase(Locale.ROOT);
                if (e.reason() == Sip2FormatException.Reason.CHECKSUM
                        || e.reason() == Sip2FormatException.Reason.CHECKSUM_MISSING) {
                    metrics.counter("chaekieum.sip2.checksum.errors").increment();
                }
                metrics.counter("chaekieum.sip2.frames.refused", "reason", e.reason().name()).increment();
                LOG.debugf("Frame from %s refused: %s", session.remote(), e.getMessage());
                return new Outcome(requestResend(session), false);
            }
            command = message.command();
            Outcome answered = dispatch(session, message);
            outcome = outcomeOf(answered.answer());
            return answered;
        } catch (RuntimeException e) {
            outcome = "error";
            LOG.errorf(e, "Unexpected failure answering a %s message from %s", command, session.remote());
            return new Outcome(requestResend(session), false);
        } finally {
            metrics.timer("chaekieum.sip2.messages", "command", command, "outcome", outcome)
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The outcome tag of the timer: for answers with an ok flag (94, 12, 10, 30, 66) whether it said yes; 96 as
     * "resend"; the others "answered". Read off the answer's first byte after the command.
     */
    static String outcomeOf(byte[] answer) {
        if (answer.length < 3) {
            return "answered";
        }
        String command = new String(answer, 0, 2, StandardCharsets.US_ASCII);
        return switch (command) {
            case "94", "12", "10", "30", "66" -> answer[2] == '1' ? "ok" : "refused";
            case "96" -> "resend";
            default -> "answered";
        };
    }

    private static boolean isBareResendRequest(byte[] frame) {
        int start = 0;
        while (start < frame.length && frame[start] == '\n') {
            start++;
        }
        return frame.length - start == 2 && frame[start] == '9' && frame[start + 1] == '7';
    }

    /** 96: the gateway could not read the message; the kiosk sends it again. */
    static byte[] requestResend(Sip2Session session) {
        if (!session.errorDetectionRequired()) {
            return "96\r".getBytes(StandardCharsets.US_ASCII);
        }
        // With a checksum but no sequence number, as the specification's example gives it (96AZFEF6).
        byte[] head = "96AZ".getBytes(StandardCharsets.US_ASCII);
        return ("96AZ" + Sip2Checksum.of(head) + "\r").getBytes(StandardCharsets.US_ASCII);
    }

    private Outcome dispatch(Sip2Session session, Sip2Message message) {
        String code = message.command();
        if ("97".equals(code)) {
            byte[] last = session.lastResponse();
            return new Outcome(last != null ? last : requestResend(session), false);
        }
        if ("93".equals(code)) {
            return login(session, message);
        }
        if (!session.loggedIn()) {
            metrics.counter("chaekieum.sip2.login.required").increment();
            return new Outcome(Sip2Response.of("94").ok(false).build(message.sequence(), session.charset()), false);
        }
        var command = Sip2Command.of(code);
        if (command.isEmpty()) {
            metrics.counter("chaekieum.sip2.frames.refused", "reason", "UNKNOWN_COMMAND").increment();
            return new Outcome(requestResend(session), false);
        }
        KioskAccount account = session.account();
        Sip2Command known = command.get();
        boolean write = known == Sip2Command.CHECKOUT || known == Sip2Command.CHECKIN || known == Sip2Command.RENEW
                || known == Sip2Command.RENEW_ALL;
        if (write) {
            byte[] repeat = session.answerToRepeat(message.fingerprint(), message.sequence());
            if (repeat != null) {
                metrics.counter("chaekieum.sip2.repeats").increment();
                return new Outcome(repeat, false);
            }
        }
        KioskDesk.Context context = new KioskDesk.Context(session, account, message,
                ZonedDateTime.now(clock).withZoneSameInstant(Sip2Dates.LIBRARY_ZONE),
                write ? idempotencyKey(account, message) : null);
        Sip2Response response = switch (known) {
            case SC_STATUS -> status(session, account, context);
            case PATRON_STATUS -> desk.patronStatus(context);
            case PATRON_INFORMATION -> desk.patronInformation(context);
            case CHECKOUT -> desk.checkout(context);
            case CHECKIN -> desk.checkin(context);
            case ITEM_INFORMATION -> desk.itemInformation(context);
            case RENEW -> desk.renew(context);
            case RENEW_ALL -> desk.renewAll(context);
            case END_PATRON_SESSION -> desk.endPatronSession(context);
            default -> desk.notSupported(known, context);
        };
        byte[] answer = response.build(message.sequence(), session.charset());
        if (write) {
            session.answered(message.fingerprint(), message.sequence(), answer);
        } else {
            session.answeredWithoutRequest(answer);
        }
        return new Outcome(answer, false);
    }

    private Outcome login(Sip2Session session, Sip2Message message) {
        String user = message.value("CN");
        char[] password = message.value("CO").toCharArray();
        String location = message.value("CP");
        KioskAccount account = accounts.byLogin(user).orElse(null);
        boolean ok = account != null && KioskPasswords.matches(password, account.passwordHash())
                && (account.locations().isEmpty() || account.locations().contains(location));
        Arrays.fill(password, '\0');
        if (ok && !connections.admit(session, account)) {
            LOG.warnf("Kiosk %s from %s refused: already %d connections", user, session.remote(),
                    account.maxConnections());
            metrics.counter("chaekieum.sip2.login.failures", "reason", "too-many-connections").increment();
            ok = false;
            account = null;
        } else if (!ok) {
            metrics.counter("chaekieum.sip2.login.failures", "reason", "credentials").increment();
            LOG.warnf("Kiosk login refused for user id '%s' from %s", printable(user), session.remote());
        }
        if (!ok) {
            connections.release(session);
            session.loggedOut();
            int failures = session.loginFailed();
            byte[] answer = Sip2Response.of("94").ok(false).build(message.sequence(), session.charset());
            session.answeredWithoutRequest(answer);
            return new Outcome(answer, failures >= config.limits().maxLoginFailures());
        }
        session.loggedIn(account, location);
        LOG.infof("Kiosk %s logged in from %s for library %s", account.login(), session.remote(), account.library());
        byte[] answer = Sip2Response.of("94").ok(true).build(message.sequence(), session.charset());
        session.answeredWithoutRequest(answer);
        return new Outcome(answer, false);
    }

    private Sip2Response status(Sip2Session session, KioskAccount account, KioskDesk.Context context) {
        boolean online = regions.forLibrary(account.library()).map(RegionClients.Region::answers).orElse(false);
        Screen screen = desk.screen(account);
        return Sip2Response.of("98")
                .flag(online)
                .flag(online && account.allows(KioskAccount.Operation.CHECKIN))
                .flag(online && account.allows(KioskAccount.Operation.CHECKOUT))
                .flag(account.allows(KioskAccount.Operation.RENEW))
                .flag(false)
                .flag(false)
                .fixed(String.format("%03d", Math.min(999, config.calls().timeout().multipliedBy(
                        config.calls().retries() + 1L).toMillis() / 100 + 10)))
                .fixed("003")
                .fixed(Sip2Dates.format(context.now()))
                .fixed("2.00")
                .field("AO", account.institution())
                .field("AM", account.library())
                .field("BX", Sip2Command.SUPPORTED_MESSAGES)
                .optional("AN", session.location())
                .optional("AF", online ? null : screen.regionUnreachable());
    }

    /**
     * The Idempotency-Key of a write: the kiosk, the sequence number and the message's bytes (its transaction date
     * among them), so that the same message sent again, on this connection or a new one, is the same request at the
     * region, and a new message is a new one.
     */
    static String idempotencyKey(KioskAccount account, Sip2Message message) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(account.login().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(String.valueOf(message.sequence()).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(message.fingerprint());
            return "sip2-" + HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 32 ? text.substring(0, 32) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
