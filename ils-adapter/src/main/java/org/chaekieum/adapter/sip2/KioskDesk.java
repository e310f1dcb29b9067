package org.chaekieum.adapter.sip2;

import io.quarkus.qute.i18n.Localized;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.adapter.kiosk.KioskAccount;
import org.chaekieum.adapter.kiosk.KioskAccount.Operation;
import org.chaekieum.adapter.region.MemberRecord;
import org.chaekieum.adapter.region.RegionClients;
import org.chaekieum.adapter.region.RegionUnreachable;
import org.chaekieum.adapter.region.Reply;
import org.chaekieum.contracts.api.CheckoutRequest;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.ItemBarcode;

/**
 * The kiosk's circulation messages, each translated into the regional center's REST API as a library system would
 * call it, and each refusal into a screen message the member can act on.
 */
@ApplicationScoped
public class KioskDesk {

    /** One message being answered; {@code idempotencyKey} only for the writes (11, 09, 29, 65). */
    public record Context(Sip2Session session, KioskAccount account, Sip2Message message, ZonedDateTime now,
                          String idempotencyKey) {
        String date() {
            return Sip2Dates.format(now);
        }

        LocalDate today() {
            return now.toLocalDate();
        }
    }

    @Inject
    RegionClients regions;

    @Inject
    Screen korean;

    @Inject
    @Localized("en")
    Screen english;

    Screen screen(KioskAccount account) {
        return account.english() ? english : korean;
    }

    // ---- 23/24 patron status, 63/64 patron information ------------------------------------------------------------

    /** What the kiosk may know of a patron: valid or not, the privileges, the screen message. */
    private record Standing(boolean valid, MemberRecord member, boolean chargeDenied, boolean renewalDenied,
                            Boolean passwordValid, String message) {

        String patronStatus(boolean tooManyCharged, boolean tooManyOverdue) {
            char[] flags = "              ".toCharArray();
            if (chargeDenied || !valid) {
                flags[0] = 'Y';
            }
            if (renewalDenied || !valid) {
                flags[1] = 'Y';
            }
            flags[2] = 'Y';
            flags[3] = 'Y';
            if (tooManyCharged) {
                flags[5] = 'Y';
            }
            if (tooManyOverdue) {
                flags[6] = 'Y';
            }
            return new String(flags);
        }
    }

    Sip2Response patronStatus(Context context) {
        Standing standing = standing(context);
        String language = language(context.message().fixed(0, 3));
        return Sip2Response.of("24")
                .fixed(standing.patronStatus(false, false))
                .fixed(language)
                .fixed(context.date())
                .field("AO", context.account().institution())
                .field("AA", context.message().value("AA"))
                .field("AE", standing.member() == null ? "" : standing.member().name())
                .field("BL", standing.valid() ? "Y" : "N")
                .optional("CQ", passwordFlag(standing))
                .optional("AF", standing.message());
    }

    Sip2Response patronInformation(Context context) {
        Standing standing = standing(context);
        Sip2Message message = context.message();
        String summary = message.fixed(21, 10);
        List<LoanView> loans = List.of();
        String screenMessage = standing.message();
        if (standing.valid() && !Boolean.FALSE.equals(standing.passwordValid())) {
            try {
                Reply<MemberLoans> reply = region(context).call("member-loans",
                        api -> api.memberLoans(message.value("AA")), MemberLoans.class);
                if (reply.ok() && reply.body() != null && reply.body().loans() != null) {
                    loans = reply.body().loans();
                }
            } catch (RegionUnreachable e) {
                screenMessage = screen(context.account()).regionUnreachable();
            }
        }
        LocalDate today = context.today();
        List<LoanView> overdue = loans.stream().filter(loan -> loan.dueOn() != null && loan.dueOn().isBefore(today))
                .toList();
        Sip2Response response = Sip2Response.of("64")
                .fixed(standing.patronStatus(false, !overdue.isEmpty()))
                .fixed(language(message.fixed(0, 3)))
                .fixed(context.date())
                .count4(0)
                .count4(overdue.size())
                .count4(loans.size())
                .count4(0)
                .count4(0)
                .count4(0)
                .field("AO", context.account().institution())
                .field("AA", message.value("AA"))
                .field("AE", standing.member() == null ? "" : standing.member().name())
                .field("BL", standing.valid() ? "Y" : "N")
                .optional("CQ", passwordFlag(standing))
                .field("BH", "KRW")
                .field("BV", "")
                .field("CC", "");
        List<LoanView> listed = summary.length() > 2 && summary.charAt(2) == 'Y' ? loans
                : summary.length() > 1 && summary.charAt(1) == 'Y' ? overdue : List.of();
        String listField = listed == overdue && !overdue.isEmpty() && summary.charAt(2) != 'Y' ? "AT" : "AU";
        int start = position(message.value("BP"), 1);
        int end = position(message.value("BQ"), listed.size());
        for (int i = Math.max(1, start); i <= Math.min(end, listed.size()); i++) {
            response.field(listField, listed.get(i - 1).itemBarcode());
        }
        return response.optional("AF", screenMessage);
    }

    private Standing standing(Context context) {
        Screen screen = screen(context.account());
        String patron = context.message().value("AA");
        if (!validNumber(patron)) {
            return new Standing(false, null, true, true, null, screen.unknownPatron());
        }
        Reply<MemberRecord> reply;
        try {
            reply = region(context).call("member", api -> api.member(context.account().library(), patron),
                    MemberRecord.class);
        } catch (RegionUnreachable e) {
            return new Standing(false, null, true, true, null, screen.regionUnreachable());
        }
        if (!reply.ok()) {
            boolean notHere = reply.refusedWith(ErrorCode.MEMBER_NOT_FOUND) && reply.problem().context() != null
                    && reply.problem().context().containsKey("memberNumber");
            return new Standing(false, null, true, true, null,
                    notHere ? screen.importRequired() : refusalText(screen, reply));
        }
        MemberRecord member = reply.body();
        Boolean passwordValid = null;
        String message = null;
        Optional<PasswordCheck> password = checkPassword(context, patron);
        if (password.isPresent()) {
            passwordValid = password.get().valid();
            message = password.get().message();
        }
        boolean suspended = member.status() == MemberStatus.SUSPENDED || (member.suspendedUntil() != null
                && !member.suspendedUntil().isBefore(context.today()));
        boolean inactive = member.status() == MemberStatus.WITHDRAWN || member.status() == MemberStatus.EXPELLED
                || member.status() == MemberStatus.LINKED;
        boolean associate = member.category() == MemberCategory.ASSOCIATE
                || member.status() == MemberStatus.PROVISIONAL;
        if (message == null) {
            if (inactive) {
                message = screen.memberNotActive();
            } else if (suspended) {
                message = member.suspendedUntil() != null
                        ? screen.suspendedUntil(member.suspendedUntil().toString(), member.suspendedByLibrary())
                        : screen.suspended();
            } else if (associate) {
                message = screen.associate();
            }
        }
        return new Standing(!inactive, member, suspended || associate || inactive, suspended || inactive,
                passwordValid, message);
    }

    private static String passwordFlag(Standing standing) {
        return standing.passwordValid() == null ? null : standing.passwordValid() ? "Y" : "N";
    }

    // ---- card passwords -------------------------------------------------------------------------------------------

    private record PasswordCheck(boolean valid, String message) {
    }

    /**
     * Checks AD against the library's card password at the region, when this library uses card passwords and the
     * kiosk sent one. A password verified in this patron session is not sent again.
     */
    private Optional<PasswordCheck> checkPassword(Context context, String patron) {
        if (!context.account().patronPassword()) {
            return Optional.empty();
        }
        Optional<String> sent = context.message().field("AD");
        Screen screen = screen(context.account());
        if (sent.isEmpty() || sent.get().isEmpty()) {
            return context.session().patronVerified(patron) ? Optional.of(new PasswordCheck(true, null))
                    : Optional.of(new PasswordCheck(false, screen.wrongPasswordNoCount()));
        }
        byte[] digest = digest(patron, sent.get());
        if (context.session().passwordVerified(patron, digest)) {
            return Optional.of(new PasswordCheck(true, null));
        }
        Reply<Void> reply;
        try {
            reply = region(context).callOnce("card-password-check",
                    api -> api.checkCardPassword(context.account().library(), patron, Map.of("password", sent.get())),
                    Void.class);
        } catch (RegionUnreachable e) {
            return Optional.of(new PasswordCheck(false, screen.regionUnreachable()));
        }
        boolean valid = reply.ok();
        context.session().passwordVerified(patron, digest, valid);
        return Optional.of(new PasswordCheck(valid, valid ? null : refusalText(screen, reply)));
    }

    private static byte[] digest(String patron, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(patron.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What refuses a lending message before the region is asked for the loan: an operation this kiosk may not do, an
     * institution it does not serve, a patron or item identifier that cannot be one, and, where the library uses card
     * passwords, no password verified in this patron session or in AD.
     */
    private Optional<String> refusedBeforeAsking(Context context, Operation operation, boolean withItem) {
        Screen screen = screen(context.account());
        Sip2Message message = context.message();
        String patron = message.value("AA");
        if (!context.account().allows(operation) || !context.account().servesInstitution(message.value("AO"))) {
            return Optional.of(screen.notPermitted());
        }
        if (!validNumber(patron)) {
            return Optional.of(screen.unknownPatron());
        }
        if (withItem && !validBarcode(message.value("AB"))) {
            return Optional.of(screen.badBarcode());
        }
        return checkPassword(context, patron).filter(check -> !check.valid()).map(PasswordCheck::message);
    }

    // ---- 11/12 checkout ---------------------------------------------------------------------------------------------

    Sip2Response checkout(Context context) {
        Sip2Message message = context.message();
        Screen screen = screen(context.account());
        String patron = message.value("AA");
        String item = message.value("AB");
        Optional<String> refusal = refusedBeforeAsking(context, Operation.CHECKOUT, true);
        if (refusal.isPresent()) {
            return loanRefused("12", context, refusal.get());
        }
        Reply<LoanView> reply;
        try {
            reply = region(context).call("checkout", api -> api.checkout(context.account().library(),
                    new CheckoutRequest(patron, item), context.idempotencyKey()), LoanView.class);
        } catch (RegionUnreachable e) {
            return loanRefused("12", context, screen.regionUnreachable());
        }
        if (reply.ok() && reply.body() != null) {
            LoanView loan = reply.body();
            String due = loan.dueOn() == null ? "" : loan.dueOn().toString();
            return checkedOut(context, loan, loan.degraded() ? screen.checkedOutDegraded(due) : screen.checkedOut(due));
        }
        if (reply.refusedWith(ErrorCode.ITEM_ON_LOAN)) {
            // The same checkout again (a kiosk that rebuilt its message after a lost answer): the item is the
            // patron's already, so the kiosk may release it.
            Optional<LoanView> current = currentLoan(context, item);
            if (current.isPresent() && patron.equals(current.get().memberNumber())) {
                LoanView loan = current.get();
                return checkedOut(context, loan, screen.alreadyYours(String.valueOf(loan.dueOn())));
            }
        }
        return loanRefused("12", context, refusalText(screen, reply));
    }

    private static Sip2Response checkedOut(Context context, LoanView loan, String screenMessage) {
        return loanAnswer("12", context, loan, loan.renewalsLeft() > 0, screenMessage);
    }

    /** 12 or 30 (same layout) with ok 1: the loan as the region holds it, the item to be desensitized. */
    private static Sip2Response loanAnswer(String command, Context context, LoanView loan, boolean renewalOk,
                                           String screenMessage) {
        return Sip2Response.of(command)
                .ok(true)
                .flag(renewalOk)
                .fixed("N")
                .flag(true)
                .fixed(context.date())
                .field("AO", context.account().institution())
                .field("AA", context.message().value("AA"))
                .field("AB", loan.itemBarcode())
                .field("AJ", "")
                .field("AH", loan.dueOn() == null ? "" : Sip2Dates.formatDue(loan.dueOn()))
                .optional("BK", loan.loanId())
                .field("AF", screenMessage);
    }

    /** 12 or 30 (same layout) with ok 0: nothing lent or renewed, the item stays secured. */
    private static Sip2Response loanRefused(String command, Context context, String screenMessage) {
        return Sip2Response.of(command)
                .ok(false)
                .fixed("N")
                .fixed("U")
                .fixed("N")
                .fixed(context.date())
                .field("AO", context.account().institution())
                .field("AA", context.message().value("AA"))
                .field("AB", context.message().value("AB"))
                .field("AJ", "")
                .field("AH", "")
                .field("AF", screenMessage);
    }

    // ---- 09/10 checkin ----------------------------------------------------------------------------------------------

    Sip2Response checkin(Context context) {
        Sip2Message message = context.message();
        Screen screen = screen(context.account());
        String item = message.value("AB");
        if (!context.account().allows(Operation.CHECKIN) || !context.account().servesInstitution(message.value("AO"))) {
            return checkinRefused(context, screen.notPermitted(), false);
        }
        if (!validBarcode(item)) {
            return checkinRefused(context, screen.badBarcode(), false);
        }
        Reply<LoanView> reply;
        try {
            reply = region(context).call("checkin", api -> api.returnItem(context.account().library(),
                    new ReturnRequest(item), context.idempotencyKey()), LoanView.class);
        } catch (RegionUnreachable e) {
            return checkinRefused(context, screen.regionUnreachable(), true);
        }
        if (!reply.ok()) {
            return checkinRefused(context, refusalText(screen, reply), false);
        }
        LoanView loan = reply.body();
        String owner = owningLibrary(loan, item);
        boolean elsewhere = !context.account().library().equals(owner);
        boolean kept = reply.status() == 202;
        String screenMessage = kept ? screen.checkedInKept(owner)
                : elsewhere || (loan != null && loan.transit() == TransitState.RETURNED_ELSEWHERE)
                ? screen.checkedInElsewhere(owner) : screen.checkedIn();
        boolean alert = kept || elsewhere;
        return Sip2Response.of("10")
                .ok(true)
                .flag(!alert)
                .fixed("N")
                .flag(alert)
                .fixed(context.date())
                .field("AO", context.account().institution())
                .field("AB", loan == null || loan.itemBarcode() == null ? item : loan.itemBarcode())
                .field("AQ", owner)
                .field("AJ", "")
                .optional("CL", alert ? owner : null)
                .optional("CT", alert ? owner : null)
                .optional("CV", alert ? "04" : null)
                .field("AF", screenMessage);
    }

    private Sip2Response checkinRefused(Context context, String screenMessage, boolean alert) {
        return Sip2Response.of("10")
                .ok(false)
                .fixed("N")
                .fixed("U")
                .flag(alert)
                .fixed(context.date())
                .field("AO", context.account().institution())
                .field("AB", context.message().value("AB"))
                .field("AQ", "")
                .field("AJ", "")
                .optional("CV", alert ? "99" : null)
                .field("AF", screenMessage);
    }

    private static String owningLibrary(LoanView loan, String item) {
        if (loan != null && loan.owningLibrary() != null) {
            return loan.owningLibrary();
        }
        return ItemBarcode.parse(item).owningLibrary().value();
    }

    // ---- 17/18 item information -------------------------------------------------------------------------------------

    Sip2Response itemInformation(Context context) {
        Screen screen = screen(context.account());
        String item = context.message().value("AB");
        String circulation = "01";
        String due = "";
        String owner = "";
        String screenMessage = null;
        if (!validBarcode(item)) {
            screenMessage = screen.badBarcode();
        } else {
            owner = ItemBarcode.parse(item).owningLibrary().value();
            if (!owner.equals(context.account().library())) {
                screenMessage = screen.itemNotHeldHere();
            } else {
                try {
                    Reply<LoanView> reply = region(context).call("item-loan",
                            api -> api.itemLoan(context.account().library(), item), LoanView.class);
                    if (reply.ok() && reply.body() != null) {
                        circulation = "04";
                        due = reply.body().dueOn() == null ? "" : Sip2Dates.formatDue(reply.body().dueOn());
                    } else if (reply.refusedWith(ErrorCode.ITEM_NOT_ON_LOAN)) {
                        circulation = "03";
                    } else {
                        screenMessage = refusalText(screen, reply);
                    }
                } catch (RegionUnreachable e) {
                    screenMessage = screen.regionUnreachable();
                }
            }
        }
        return Sip2Response.of("18")
                .fixed(circulation)
                .fixed("00")
                .fixed("01")
                .fixed(context.date())
                .field("AB", item)
                .field("AJ", "")
                .optional("AH", due)
                .optional("BG", owner)
                .optional("AQ", owner)
                .optional("AF", screenMessage);
    }

    // ---- 29/30 renew, 65/66 renew all -------------------------------------------------------------------------------

    Sip2Response renew(Context context) {
        Sip2Message message = context.message();
        Screen screen = screen(context.account());
        String patron = message.value("AA");
        String item = message.value("AB");
        Optional<String> refusal = refusedBeforeAsking(context, Operation.RENEW, true);
        if (refusal.isPresent()) {
            return loanRefused("30", context, refusal.get());
        }
        try {
            Optional<LoanView> current = currentLoan(context, item);
            if (current.isEmpty() || !patron.equals(current.get().memberNumber())) {
                return loanRefused("30", context, screen.itemNotOnLoan());
            }
            Reply<LoanView> reply = region(context).call("renew", api -> api.renew(context.account().library(),
                    current.get().loanId(), context.idempotencyKey()), LoanView.class);
            if (!reply.ok() || reply.body() == null) {
                return loanRefused("30", context, refusalText(screen, reply));
            }
            LoanView loan = reply.body();
            return loanAnswer("30", context, loan, true, screen.renewed(String.valueOf(loan.dueOn())));
        } catch (RegionUnreachable e) {
            return loanRefused("30", context, screen.regionUnreachable());
        }
    }

    Sip2Response renewAll(Context context) {
        Sip2Message message = context.message();
        Screen screen = screen(context.account());
        String patron = message.value("AA");
        Optional<String> refusal = refusedBeforeAsking(context, Operation.RENEW, false);
        if (refusal.isPresent()) {
            return renewAllAnswer(context, false, List.of(), List.of(), refusal.get());
        }
        List<String> renewed = new ArrayList<>();
        List<String> unrenewed = new ArrayList<>();
        String lastRefusal = null;
        try {
            Reply<MemberLoans> loans = region(context).call("member-loans", api -> api.memberLoans(patron),
                    MemberLoans.class);
            if (!loans.ok() || loans.body() == null) {
                return renewAllAnswer(context, false, List.of(), List.of(), refusalText(screen, loans));
            }
            for (LoanView loan : loans.body().loans()) {
                if (!context.account().library().equals(loan.libraryCode())) {
                    continue;
                }
                String key = context.idempotencyKey().substring(0, Math.min(40, context.idempotencyKey().length()))
                        + "-" + loan.loanId();
                Reply<LoanView> reply = region(context).call("renew", api -> api.renew(context.account().library(),
                        loan.loanId(), key.length() > 128 ? key.substring(0, 128) : key), LoanView.class);
                if (reply.ok()) {
                    renewed.add(loan.itemBarcode());
                } else {
                    unrenewed.add(loan.itemBarcode());
                    lastRefusal = refusalText(screen, reply);
                }
            }
        } catch (RegionUnreachable e) {
            return renewAllAnswer(context, !renewed.isEmpty(), renewed, unrenewed, screen.regionUnreachable());
        }
        // One loan that could not be renewed and nothing else: say why; otherwise the counts.
        String text = renewed.isEmpty() && unrenewed.size() == 1 && lastRefusal != null ? lastRefusal
                : screen.renewedAll(renewed.size(), unrenewed.size());
        return renewAllAnswer(context, true, renewed, unrenewed, text);
    }

    private Sip2Response renewAllAnswer(Context context, boolean ok, List<String> renewed, List<String> unrenewed,
                                        String screenMessage) {
        Sip2Response response = Sip2Response.of("66")
                .ok(ok)
                .count4(renewed.size())
                .count4(unrenewed.size())
                .fixed(context.date())
                .field("AO", context.account().institution());
        renewed.forEach(item -> response.field("BM", item));
        unrenewed.forEach(item -> response.field("BN", item));
        return response.optional("AF", screenMessage);
    }

    // ---- 35/36 end patron session, and what is not supported --------------------------------------------------------

    Sip2Response endPatronSession(Context context) {
        context.session().endPatronSession();
        return Sip2Response.of("36")
                .flag(true)
                .fixed(context.date())
                .field("AO", context.account().institution())
                .field("AA", context.message().value("AA"));
    }

    /**
     * A message of the specification that this gateway does not implement (BX says N): its own response, with its
     * failure flag and a screen message, so that the kiosk stays in step.
     */
    Sip2Response notSupported(Sip2Command command, Context context) {
        Screen screen = screen(context.account());
        String institution = context.account().institution();
        String patron = context.message().value("AA");
        return switch (command) {
            case BLOCK_PATRON, PATRON_ENABLE -> Sip2Response.of(command.responseCode())
                    .fixed("Y".repeat(4) + " ".repeat(10)).fixed("000").fixed(context.date())
                    .field("AO", institution).field("AA", patron).field("AE", "").field("BL", "N")
                    .field("AF", screen.notSupported());
            case FEE_PAID -> Sip2Response.of("38").flag(false).fixed(context.date())
                    .field("AO", institution).field("AA", patron).field("AF", screen.notSupported());
            case ITEM_STATUS_UPDATE -> Sip2Response.of("20").fixed("0").fixed(context.date())
                    .field("AB", context.message().value("AB")).field("AF", screen.notSupported());
            case HOLD -> Sip2Response.of("16").ok(false).flag(false).fixed(context.date())
                    .field("AO", institution).field("AA", patron).field("AF", screen.notSupported());
            default -> throw new IllegalArgumentException("implemented: " + command);
        };
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private RegionClients.Region region(Context context) {
        return regions.forLibrary(context.account().library())
                .orElseThrow(() -> new RegionUnreachable("no regional center configured for library "
                        + context.account().library(), null));
    }

    private Optional<LoanView> currentLoan(Context context, String item) {
        Reply<LoanView> reply = region(context).call("item-loan",
                api -> api.itemLoan(context.account().library(), item), LoanView.class);
        return reply.ok() ? Optional.ofNullable(reply.body()) : Optional.empty();
    }

    /** The screen message for a refusal of the regional center, in the kiosk's language. */
    static String refusalText(Screen screen, Reply<?> reply) {
        if (reply.problem() == null) {
            return screen.regionUnreachable();
        }
        Map<String, Object> context = reply.problem().context() == null ? Map.of() : reply.problem().context();
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(reply.code());
        } catch (IllegalArgumentException e) {
            return screen.refused(reply.problem().title());
        }
        return switch (code) {
            case MEMBER_SUSPENDED -> context.get("suspendedUntil") != null
                    ? screen.suspendedUntil(String.valueOf(context.get("suspendedUntil")),
                    String.valueOf(context.get("suspendedByLibrary")))
                    : screen.suspended();
            case NATIONAL_CAP_REACHED -> screen.nationalCap(context.getOrDefault("activeLoans", "?"),
                    context.getOrDefault("nationalCap", "?"));
            case LIBRARY_CAP_REACHED -> screen.libraryCap(context.getOrDefault("loansAtLibrary", "?"),
                    context.getOrDefault("libraryCap", "?"));
            case ITEM_ON_LOAN -> screen.itemOnLoan();
            case ITEM_NOT_ON_LOAN, LOAN_NOT_FOUND -> screen.itemNotOnLoan();
            case ITEM_NOT_HELD_HERE -> screen.itemNotHeldHere();
            case IMPORT_REQUIRED -> screen.importRequired();
            case ASSOCIATE_CANNOT_BORROW -> screen.associate();
            case MEMBER_NOT_FOUND, MEMBER_NUMBER_INVALID, MEMBER_NUMBER_CHECK_DIGIT -> screen.unknownPatron();
            case MEMBER_NOT_ACTIVE -> screen.memberNotActive();
            case NO_RENEWALS_LEFT -> screen.noRenewalsLeft();
            case ITEM_BARCODE_INVALID -> screen.badBarcode();
            case NATIONAL_CAP_UNVERIFIABLE -> screen.nationalCapUnverifiable();
            case NATIONAL_HUB_UNREACHABLE, HOME_REGION_UNREACHABLE, CONCURRENT_CHANGE -> screen.regionUnreachable();
            case CARD_PASSWORD_WRONG -> context.get("attemptsLeft") != null
                    ? screen.wrongPassword(context.get("attemptsLeft")) : screen.wrongPasswordNoCount();
            case CARD_PASSWORD_LOCKED -> screen.passwordLocked(context.get("retryAfterSeconds") instanceof Number n
                    ? Math.max(1, (n.longValue() + 59) / 60) : 15);
            case CARD_PASSWORD_NOT_SET -> screen.passwordNotSet();
            default -> screen.refused(reply.problem().title());
        };
    }

    /** 14 digits: the unified number, or a legacy number kept as it was (the region judges which it knows). */
    private static boolean validNumber(String patron) {
        return patron != null && patron.length() == 14 && patron.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean validBarcode(String item) {
        try {
            ItemBarcode.parse(item);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String language(String requested) {
        return requested != null && requested.matches("\\d{3}") ? requested : "000";
    }

    private static int position(String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
