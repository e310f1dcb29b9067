package org.chaekieum.adapter.kolas;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.chaekieum.adapter.config.GatewayConfig;
import org.chaekieum.adapter.config.KolasConfig;
import org.chaekieum.adapter.region.RegionClients;
import org.chaekieum.adapter.region.RegionUnreachable;
import org.chaekieum.adapter.region.Reply;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.contracts.api.ImportRequest;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.LoanChangeReport;
import org.chaekieum.contracts.api.LoanReport;
import org.chaekieum.contracts.api.LoanReportView;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.api.MemberUpdateRequest;
import org.chaekieum.contracts.api.MemberView;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.ReturnReport;
import org.chaekieum.contracts.api.ReturnRequest;
import org.chaekieum.contracts.api.SuspensionLiftRequest;
import org.chaekieum.contracts.api.SuspensionRequest;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.api.WithdrawalRequest;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.contracts.id.ItemBarcode;
import org.chaekieum.contracts.id.LibraryCode;
import org.jboss.logging.Logger;

/**
 * Answers KOLAS III's frames from the federation: each frame becomes the regional center's public REST calls, made
 * as a library system. Live commands (look-ups, registration, return elsewhere, transit) answer what the federation
 * says; queued reports (K10 loan, K11 return, K21-K23, K24, K28) are facts KOLAS has already acted on and are
 * recorded as such, exactly once (keyed by library and 로컬KEY, each report with an Idempotency-Key made of its own
 * content, so a report drained twice changes nothing). A region that cannot be reached answers an ERROR of class MW,
 * so KOLAS keeps a queued report and sends it again.
 *
 * <p>Personal data: only what the federation holds for the member at the asking library is answered; resident
 * registration numbers and G-PIN elements are never read, kept or answered (always empty); logs carry member numbers
 * and codes, never names or phone numbers.
 */
@ApplicationScoped
public class KolasDesk {

    private static final Logger LOG = Logger.getLogger(KolasDesk.class);
    private static final String HEALTH_QUERY = "SELECT 'TEST' FROM DUAL";

    /** What K08 answers, in the client's order; only the fields the federation holds are ever filled. */
    static final List<String> MEMBER_ELEMENTS = List.of("통합대출자번호", "대출자이름", "생일", "생일타입", "주민등록번호",
            "내선번호", "근무지부서명", "근무지직급명", "핸드폰", "검색용핸드폰", "EMAIL", "학교", "학년", "반", "학번", "우편발송지역",
            "최종대출일", "최종정보수정일", "비고", "근무지", "회원증RFID", "집주소", "집전화번호", "집우편번호", "대출자색인이름",
            "근무지우편번호", "근무지전화번호", "근무지주소", "메모수정일", "G-PINASCII인증코드", "G-PINHASH인증코드", "G-PIN성별",
            "통합회원여부", "암호화주민등록번호", "IPIN_HASH", "IPIN_DATE", "IPIN_RESULT", "CERTIFY_WORKER", "도서관부호", "도서관명",
            "동의정보", "대리인정보", "통합대출자키", "연계정보", "회원상태", "회원구분", "대출정지일");

    @Inject
    RegionClients regions;

    @Inject
    KolasConfig config;

    @Inject
    GatewayConfig gateway;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    /** A refusal to answer with an ERROR frame. */
    static final class Refusal extends RuntimeException {
        final String errorClass;
        final int sequence;

        Refusal(String errorClass, int sequence, String message) {
            super(message, null, false, false);
            this.errorClass = errorClass;
            this.sequence = sequence;
        }
    }

    /** The answer to one frame (never null; an ERROR frame for anything refused). */
    public KolasFrame answer(KolasServer.Listener listener, KolasFrame frame, String client) {
        long t0 = System.nanoTime();
        String outcome = "ok";
        try {
            KolasFrame reply = dispatch(listener, frame);
            if (KolasReplies.ERROR.equals(reply.command())) {
                outcome = "error";
            }
            return reply;
        } catch (Refusal refusal) {
            outcome = refusal.errorClass;
            LOG.infof("KOLAS %s from %s refused (%s%02d): %s", frame.command(), client, refusal.errorClass,
                    refusal.sequence, refusal.getMessage());
            return KolasReplies.error(frame, refusal.errorClass, refusal.sequence, refusal.getMessage());
        } catch (RegionUnreachable e) {
            outcome = "MW";
            return KolasReplies.error(frame, "MW", 1, "지역센터에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.");
        } finally {
            metrics.timer("chaekieum.kolas.requests", "service", "K" + frame.service(), "outcome", outcome)
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    private KolasFrame dispatch(KolasServer.Listener listener, KolasFrame frame) {
        if (!frame.command().startsWith("IL_K")) {
            throw new Refusal("SY", 1, "지원하지 않는 명령입니다: " + clip(frame.command(), 40));
        }
        return switch (frame.service()) {
            case "26" -> healthProbe(frame);
            case "02" -> register(listener, frame);
            case "08" -> lookUp(listener, frame);
            case "48" -> joinedLibraries(listener, frame);
            case "29" -> suspensionQuery(listener, frame);
            case "27" -> regionCap(listener, frame);
            case "43" -> librarySettings(listener, frame);
            case "04", "09", "42" -> currentLoans(listener, frame);
            case "20" -> loanOfItem(listener, frame);
            case "16", "17" -> libraries(listener, frame);
            case "18" -> transitList(listener, frame);
            case "19" -> transitStep(listener, frame);
            case "10" -> loanReport(listener, frame);
            case "11" -> returnReport(listener, frame);
            case "21" -> undoLoan(listener, frame);
            case "22" -> undoReturn(listener, frame);
            case "23" -> changeLoan(listener, frame);
            case "46" -> returnElsewhere(listener, frame);
            case "28" -> statusReport(listener, frame);
            case "24" -> updateMember(listener, frame);
            case "06" -> withdraw(listener, frame);
            default -> throw new Refusal("SY", 1, "지원하지 않는 명령입니다: " + clip(frame.command(), 40));
        };
    }

    // ---- K26: the health probe, and nothing else ------------------------------------------------------------------

    private KolasFrame healthProbe(KolasFrame frame) {
        String query = frame.value("쿼리").strip();
        if (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        if (!HEALTH_QUERY.equalsIgnoreCase(query.replaceAll("\\s+", " "))) {
            metrics.counter("chaekieum.kolas.sql-refused").increment();
            throw new Refusal("SY", 2, "SQL 질의는 실행하지 않습니다 (상태 확인 질의만 답합니다).");
        }
        Map<String, String> row = new LinkedHashMap<>();
        row.put("TEST", "TEST");
        return KolasReplies.rows(frame, List.of(row));
    }

    // ---- members --------------------------------------------------------------------------------------------------

    private KolasFrame register(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "생성도서관부호", "도서관부호");
        String number = required(frame, "통합대출자번호");
        String identity = required(frame, "연계정보");
        String birth = birthDate(frame.value("생일").isBlank() ? frame.value("생년") : frame.value("생일"));
        String category = "2".equals(frame.value("회원구분")) ? "ASSOCIATE" : "FULL";
        if (!number.startsWith(library)) {
            // Another library's number: the member joined elsewhere, and this registration is the import (반입).
            return importAt(frame, library, number, identity);
        }
        EnrollmentRequest request = new EnrollmentRequest(blankToNull(frame.value("대출자이름")), birth,
                blankToNull(frame.value("핸드폰")), blankToNull(frame.value("집주소")), identity, category,
                new EnrollmentRequest.Consents(true, false), null, number);
        Reply<MemberView> reply = region(library).callOnce("kolas-register", api -> api.enroll(library, request),
                MemberView.class);
        if (reply.ok()) {
            LOG.infof("KOLAS K02: member %s registered at %s", number, library);
            return KolasReplies.ok(frame);
        }
        if (reply.refusedWith(ErrorCode.IDENTITY_ALREADY_ENROLLED)) {
            Object existing = reply.problem().context() == null ? null
                    : reply.problem().context().get("existingMemberNumber");
            if (number.equals(existing)) {
                // Registered here already: KOLAS sends the registration again (its first answer was lost).
                return KolasReplies.ok(frame);
            }
            throw new Refusal("DT", 2, "이미 통합회원번호 " + existing + "가 있는 분입니다. 새로 가입하지 말고 회원 반입을 해 주세요.");
        }
        throw refusal(reply);
    }

    private KolasFrame importAt(KolasFrame frame, String library, String number, String identity) {
        Reply<MemberView> imported = region(library).callOnce("kolas-import", api -> api.importMember(library, number,
                new ImportRequest(identity, new ImportRequest.Consents(true), "KOLAS III " + library, null)),
                MemberView.class);
        if (!imported.ok()) {
            throw refusal(imported);
        }
        LOG.infof("KOLAS K02: member %s imported at %s", number, library);
        return KolasReplies.ok(frame);
    }

    private KolasFrame lookUp(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "도서관부호");
        String number = frame.value("통합대출자번호").strip();
        if (number.isEmpty()) {
            String loanLibrary = frame.value("대출도서관부호").strip();
            String registration = frame.value("등록번호").strip();
            if (!frame.value("통합회원증RFIDUID").isBlank() && registration.isEmpty()) {
                throw new Refusal("DT", 1, "통합회원증 RFID로는 찾을 수 없습니다. 통합대출자번호로 찾아 주세요.");
            }
            if (loanLibrary.isEmpty() || registration.isEmpty()) {
                throw new Refusal("SY", 3, "통합대출자번호, 또는 대출도서관부호와 등록번호가 필요합니다.");
            }
            String barcode = barcode(loanLibrary, registration);
            String owner = library(listener, loanLibrary);
            Reply<LoanView> loan = region(owner).call("kolas-item-loan", api -> api.itemLoan(owner, barcode),
                    LoanView.class);
            if (!loan.ok()) {
                throw refusal(loan);
            }
            number = loan.body().memberNumber();
        }
        String member = number;
        Reply<MemberView> reply = region(library).call("kolas-member", api -> api.member(library, member),
                MemberView.class);
        if (reply.ok()) {
            return KolasReplies.rows(frame, List.of(memberRecord(reply.body(), library)));
        }
        if (reply.refusedWith(ErrorCode.MEMBER_NOT_FOUND)) {
            // Not registered at this library: the federation holds nothing of the member for it. The desk verifies
            // the person and registers them with their number (K02), which imports the member here.
            throw new Refusal("DT", 1, "이 도서관에 등록되지 않은 회원입니다. 본인 확인 후 통합대출자번호로 회원 등록(반입)을 해 주세요.");
        }
        throw refusal(reply);
    }

    private Map<String, String> memberRecord(MemberView member, String library) {
        Map<String, String> record = emptyMember();
        record.put("통합대출자번호", member.memberNumber());
        record.put("대출자이름", text(member.name()));
        record.put("생일", KolasDates.write(member.birthDate()));
        record.put("생일타입", member.birthDate() == null ? "" : "+");
        record.put("핸드폰", text(member.phone()));
        record.put("집주소", text(member.address()));
        record.put("통합회원여부", "Y");
        record.put("도서관부호", library);
        record.put("도서관명", name(library));
        record.put("회원상태", memberState(member));
        record.put("회원구분", member.category() != null && "ASSOCIATE".equals(member.category().name()) ? "2" : "0");
        record.put("대출정지일", KolasDates.write(member.suspendedUntil()));
        return record;
    }

    private static Map<String, String> emptyMember() {
        Map<String, String> record = new LinkedHashMap<>();
        MEMBER_ELEMENTS.forEach(name -> record.put(name, ""));
        return record;
    }

    private static String memberState(MemberView member) {
        if (member.status() == MemberStatus.EXPELLED) {
            return "2";
        }
        if (member.status() == MemberStatus.WITHDRAWN) {
            return "3";
        }
        return member.suspendedUntil() != null ? "1" : "0";
    }

    private KolasFrame joinedLibraries(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "도서관부호");
        String number = required(frame, "통합대출자번호");
        Reply<MemberLoans> loans = region(library).call("kolas-member-loans", api -> api.memberLoans(number),
                MemberLoans.class);
        if (!loans.ok()) {
            throw refusal(loans);
        }
        Reply<MemberView> here = region(library).call("kolas-member", api -> api.member(library, number),
                MemberView.class);
        MemberView member = here.ok() ? here.body() : null;
        Set<String> joined = new LinkedHashSet<>();
        joined.add(number.substring(0, 6));
        if (member != null) {
            joined.add(library);
        }
        joined.addAll(loans.body().loansPerLibrary().keySet());
        String total = Integer.toString(loans.body().activeLoans());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String code : joined) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("가입도서관부호", code);
            row.put("도서관명", name(code));
            row.put("대출중인책수", Integer.toString(loans.body().loansPerLibrary().getOrDefault(code, 0)));
            row.put("예약중인책수", "0");
            row.put("대출정지일", member == null ? "" : KolasDates.write(member.suspendedUntil()));
            row.put("회원상태", member == null ? "0" : memberState(member));
            row.put("총대출중인책수", total);
            rows.add(row);
        }
        return KolasReplies.rows(frame, rows);
    }

    private KolasFrame suspensionQuery(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "도서관부호");
        String number = required(frame, "통합대출자번호");
        Reply<MemberView> reply = region(library).call("kolas-member", api -> api.member(library, number),
                MemberView.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        LocalDate until = reply.body().suspendedUntil();
        Map<String, String> row = new LinkedHashMap<>();
        row.put("대출정지유무", until == null ? "N" : "Y");
        row.put("대출정지일", KolasDates.write(until));
        row.put("대출정지부여도서관", text(reply.body().suspendedByLibrary()));
        return KolasReplies.rows(frame, List.of(row));
    }

    private KolasFrame updateMember(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "수정도서관부호", "도서관부호");
        String number = required(frame, "통합대출자번호");
        String phone = blankToNull(frame.value("핸드폰"));
        String address = frame.records().isEmpty() || !frame.records().get(0).containsKey("집주소") ? null
                : frame.value("집주소");
        if (phone == null && address == null) {
            return KolasReplies.ok(frame); // nothing the federation keeps has changed
        }
        Reply<MemberView> reply = region(library).callOnce("kolas-update", api -> api.updateMember(library, number,
                new MemberUpdateRequest(phone, address, null, null, null, null, null, "KOLAS III " + library)),
                MemberView.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    private KolasFrame withdraw(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "요청도서관부호", "도서관부호");
        String number = required(frame, "통합대출자번호");
        Reply<MemberView> reply = region(library).callOnce("kolas-withdraw", api -> api.withdraw(library, number,
                new WithdrawalRequest("KOLAS III " + library, "탈퇴 (KOLAS III)")), MemberView.class);
        if (!reply.ok() && !reply.refusedWith(ErrorCode.MEMBER_NOT_FOUND)) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    /** K28 (queued): the member's status at the library changed there: suspended, lifted, expelled. */
    private KolasFrame statusReport(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "수정도서관부호", "도서관부호");
        String number = required(frame, "통합대출자번호");
        String state = frame.value("회원상태").strip();
        Reply<?> reply;
        switch (state) {
            case "1" -> {
                LocalDate until = KolasDates.date(frame.value("대출정지일"))
                        .orElseThrow(() -> new Refusal("SY", 3, "대출정지일이 필요합니다 (YYYY/MM/DD)."));
                if (until.isBefore(LocalDate.now(clock.withZone(KolasDates.KOREA)))) {
                    return KolasReplies.ok(frame); // a suspension that has run out already: nothing to hold
                }
                reply = region(library).callOnce("kolas-suspend", api -> api.suspend(library, number,
                        new SuspensionRequest(library, until, "KOLAS III")), Void.class);
            }
            case "0" -> reply = region(library).callOnce("kolas-lift", api -> api.liftSuspension(library, number,
                    new SuspensionLiftRequest("KOLAS III: 대출정지 해제")), Void.class);
            case "2" -> reply = region(library).callOnce("kolas-expel", api -> api.updateMember(library, number,
                    new MemberUpdateRequest(null, null, null, null, null, "EXPELLED", "KOLAS III: 제적",
                            "KOLAS III " + library)), MemberView.class);
            case "3" -> {
                return KolasReplies.ok(frame); // withdrawal comes as K06
            }
            default -> throw new Refusal("SY", 3, "회원상태는 0, 1, 2, 3 중 하나여야 합니다.");
        }
        if (!reply.ok()) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    // ---- settings and libraries -----------------------------------------------------------------------------------

    private KolasFrame regionCap(KolasServer.Listener listener, KolasFrame frame) {
        library(listener, frame, "도서관부호");
        Map<String, String> row = new LinkedHashMap<>();
        row.put("지역내통합대출가능책수", Integer.toString(config.nationalCap()));
        return KolasReplies.rows(frame, List.of(row));
    }

    private KolasFrame librarySettings(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "도서관부호");
        Reply<LibraryPolicy> policy = region(library).call("kolas-policy", api -> api.policy(library),
                LibraryPolicy.class);
        if (!policy.ok()) {
            throw refusal(policy);
        }
        Map<String, String> row = new LinkedHashMap<>();
        row.put("기본통합대출가능권수", policy.body().loanCap() == null ? "" : policy.body().loanCap().toString());
        row.put("지역내택배비무료여부", "N");
        row.put("지역외택배비무료여부", "N");
        row.put("자동발송여부", "N");
        row.put("지역상호대차대출만기일", "");
        row.put("지역상호대차타관반납여부", "Y");
        row.put("대출만기일에휴관일포함여부", "Y");
        row.put("상호대차자료반납연기허용여부", "N");
        row.put("대출기간", policy.body().loanPeriodDays() == null ? "" : policy.body().loanPeriodDays().toString());
        return KolasReplies.rows(frame, List.of(row));
    }

    private KolasFrame libraries(KolasServer.Listener listener, KolasFrame frame) {
        String asking = listener.libraries().isEmpty() ? "" : listener.libraries().get(0);
        String code = frame.value("도서관부호").strip();
        String name = frame.value("도서관명").strip();
        boolean regionOnly = "17".equals(frame.service());
        String regionDigits = !code.isEmpty() && LibraryCode.isValid(code) ? LibraryCode.of(code).regionDigits()
                : LibraryCode.isValid(asking) ? LibraryCode.of(asking).regionDigits() : "";
        List<Map<String, String>> rows = new ArrayList<>();
        for (GatewayConfig.Region region : gateway.regions().values()) {
            for (String library : region.libraries()) {
                boolean matches = regionOnly ? LibraryCode.isValid(library)
                        && LibraryCode.of(library).regionDigits().equals(regionDigits)
                        : (code.isEmpty() || library.equals(code)) && (name.isEmpty() || name(library).contains(name));
                if (matches) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("도서관부호", library);
                    row.put("도서관명", name(library));
                    rows.add(row);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new Refusal("DT", 1, "해당하는 도서관이 없습니다.");
        }
        return KolasReplies.rows(frame, rows);
    }

    // ---- loans ----------------------------------------------------------------------------------------------------

    private KolasFrame currentLoans(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "도서관부호");
        String number = required(frame, "통합대출자번호");
        Reply<MemberLoans> reply = region(library).call("kolas-member-loans", api -> api.memberLoans(number),
                MemberLoans.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        String regionDigits = LibraryCode.of(library).regionDigits();
        List<Map<String, String>> rows = new ArrayList<>();
        for (LoanView loan : reply.body().loans()) {
            if ("09".equals(frame.service()) && !LibraryCode.of(loan.libraryCode()).regionDigits().equals(regionDigits)) {
                continue;
            }
            rows.add(loanRow(withOwnKey(loan, library), library));
        }
        if (rows.isEmpty()) {
            throw new Refusal("DT", 1, "대출 중인 자료가 없습니다.");
        }
        return KolasReplies.rows(frame, rows);
    }

    /** K20: the loan of an item (the look-up before a return elsewhere), with the key K46 then names. */
    private KolasFrame loanOfItem(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "반납도서관부호", "도서관부호");
        String number = required(frame, "통합대출자번호");
        String loanLibrary = required(frame, "대출도서관부호");
        String registration = required(frame, "등록번호");
        String barcode = barcode(loanLibrary, registration);
        Reply<MemberLoans> reply = region(library).call("kolas-member-loans", api -> api.memberLoans(number),
                MemberLoans.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        LoanView loan = reply.body().loans().stream().filter(l -> barcode.equals(l.itemBarcode())).findFirst()
                .orElseThrow(() -> new Refusal("DT", 1, "이 회원의 대출 중인 자료가 아닙니다."));
        return KolasReplies.rows(frame, List.of(loanRow(withOwnKey(loan, library), library)));
    }

    private Map<String, String> loanRow(LoanView loan, String asking) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("대출도서관", loan.libraryCode());
        row.put("대출도서관부호", loan.libraryCode());
        row.put("등록번호", registration(loan.itemBarcode()));
        row.put("서명", "");
        row.put("청구기호", "");
        row.put("편권차", "");
        row.put("대출일", KolasDates.write(loan.checkedOutAt()));
        row.put("반납예정일", KolasDates.write(loan.dueOn()));
        row.put("반납연기일", "");
        row.put("예약일", "");
        row.put("예약만기일", "");
        row.put("상태", loan.renewals() > 0 ? "2" : "0");
        row.put("저자", "");
        row.put("발행자", "");
        row.put("트랜잭션코드", "0");
        row.put("결제처리KEY", text(loan.loanId()));
        row.put("로컬KEY", localKey(loan, asking));
        row.put("지역내상호대차상태", "N");
        return row;
    }

    /**
     * A loan of the asking library with the key its own system gave it: the national view the member's loans come
     * from does not carry local keys, the library's regional center does.
     */
    private LoanView withOwnKey(LoanView loan, String asking) {
        if (loan.localKey() != null || !asking.equals(loan.libraryCode()) || loan.itemBarcode() == null) {
            return loan;
        }
        Reply<LoanView> own = region(asking).call("kolas-item-loan", api -> api.itemLoan(asking, loan.itemBarcode()),
                LoanView.class);
        return own.ok() && own.body() != null && loan.loanId() != null && loan.loanId().equals(own.body().loanId())
                ? own.body() : loan;
    }

    /** The asking library's own key for its own reported loans; the federation's loan id for any other loan. */
    private static String localKey(LoanView loan, String asking) {
        return loan.localKey() != null && asking.equals(loan.libraryCode()) ? loan.localKey() : text(loan.loanId());
    }

    private KolasFrame loanReport(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "대출도서관", "대출도서관부호");
        String key = localKeyOf(frame);
        String number = required(frame, "통합대출자번호");
        String barcode = barcode(library, required(frame, "등록번호"));
        Instant at = KolasDates.instant(frame.value("대출일"))
                .orElseThrow(() -> new Refusal("SY", 3, "대출일을 읽을 수 없습니다 (YYYY/MM/DD HH24:MI:SS)."));
        LocalDate due = KolasDates.date(frame.value("반납예정일"))
                .orElseThrow(() -> new Refusal("SY", 3, "반납예정일을 읽을 수 없습니다 (YYYY/MM/DD)."));
        LoanReport report = new LoanReport(number, barcode, at, due);
        Reply<LoanReportView> reply = region(library).call("kolas-loan-report",
                api -> api.reportLoan(library, key, report, idempotencyKey(library, frame)), LoanReportView.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        reported("K10", library, key, reply.body());
        return KolasReplies.ok(frame);
    }

    private KolasFrame returnReport(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "대출도서관부호", "대출도서관");
        String key = localKeyOf(frame);
        String at = frame.value("반납도서관부호").strip();
        String returnedAt = at.isEmpty() ? library : checkedLibrary(at);
        Instant when = KolasDates.instant(frame.value("반납일"))
                .orElseThrow(() -> new Refusal("SY", 3, "반납일을 읽을 수 없습니다 (YYYY/MM/DD HH24:MI:SS)."));
        Reply<LoanReportView> reply = region(library).call("kolas-return-report", api -> api.reportReturn(library,
                key, new ReturnReport(returnedAt, when), idempotencyKey(library, frame)), LoanReportView.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        reported("K11", library, key, reply.body());
        return KolasReplies.ok(frame);
    }

    private KolasFrame undoLoan(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "대출도서관부호", "대출도서관");
        String key = localKeyOf(frame);
        Reply<LoanReportView> reply = region(library).call("kolas-undo-loan",
                api -> api.undoLoan(library, key, idempotencyKey(library, frame)), LoanReportView.class);
        if (!reply.ok() && !reply.refusedWith(ErrorCode.LOAN_NOT_FOUND)) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    private KolasFrame undoReturn(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "대출도서관부호", "대출도서관");
        String key = localKeyOf(frame);
        Reply<LoanReportView> reply = region(library).call("kolas-undo-return",
                api -> api.undoReturn(library, key, idempotencyKey(library, frame)), LoanReportView.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    private KolasFrame changeLoan(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "대출도서관부호", "대출도서관");
        String key = localKeyOf(frame);
        LocalDate due = KolasDates.date(frame.value("반납예정일"))
                .orElseThrow(() -> new Refusal("SY", 3, "반납예정일을 읽을 수 없습니다 (YYYY/MM/DD)."));
        Integer renewals = null;
        Reply<LoanReportView> reply = region(library).call("kolas-change-loan", api -> api.changeLoan(library, key,
                new LoanChangeReport(due, renewals), idempotencyKey(library, frame)), LoanReportView.class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    /**
     * K46 (live): an item of library A given back at library B (타관반납). When A is one of this bridge's KOLAS
     * libraries, its loan is named by A's own key: the return is reported to it (kept until A's queued loan report
     * arrives, if it has not yet). Otherwise the key is the federation's loan id (as K04/K20 answered it): the item is
     * returned at B through the federation's return anywhere.
     */
    private KolasFrame returnElsewhere(KolasServer.Listener listener, KolasFrame frame) {
        String returnedAt = library(listener, frame, "반납도서관부호");
        String loanLibrary = checkedLibrary(required(frame, "대출도서관부호"));
        String key = localKeyOf(frame);
        String number = required(frame, "통합대출자번호");
        Instant when = KolasDates.instant(frame.value("반납일")).orElse(clock.instant());
        if (servedByBridge(loanLibrary) && !isUuid(key)) {
            Reply<LoanReportView> reply = region(loanLibrary).call("kolas-return-elsewhere", api -> api.reportReturn(
                    loanLibrary, key, new ReturnReport(returnedAt, when), idempotencyKey(returnedAt, frame)),
                    LoanReportView.class);
            if (!reply.ok()) {
                throw refusal(reply);
            }
            reported("K46", loanLibrary, key, reply.body());
            return KolasReplies.ok(frame);
        }
        Reply<MemberLoans> loans = region(returnedAt).call("kolas-member-loans", api -> api.memberLoans(number),
                MemberLoans.class);
        if (!loans.ok()) {
            throw refusal(loans);
        }
        Optional<LoanView> loan = loans.body().loans().stream()
                .filter(l -> loanLibrary.equals(l.libraryCode()) && (key.equals(l.loanId()) || key.equals(l.localKey())))
                .findFirst();
        if (loan.isEmpty()) {
            // Not on loan (any more): the same return sent again, or a loan the federation never had.
            LOG.infof("KOLAS K46 at %s: no active loan %s of library %s for member %s; answered as done", returnedAt,
                    clip(key, 64), loanLibrary, number);
            metrics.counter("chaekieum.kolas.returns.unmatched").increment();
            return KolasReplies.ok(frame);
        }
        String barcode = loan.get().itemBarcode();
        Reply<LoanView> reply = region(returnedAt).call("kolas-return", api -> api.returnItem(returnedAt,
                new ReturnRequest(barcode), idempotencyKey(returnedAt, frame)), LoanView.class);
        if (!reply.ok() && !reply.refusedWith(ErrorCode.ITEM_NOT_ON_LOAN)) {
            throw refusal(reply);
        }
        return KolasReplies.ok(frame);
    }

    // ---- 타관반납 transit ------------------------------------------------------------------------------------------

    private KolasFrame transitList(KolasServer.Listener listener, KolasFrame frame) {
        String library = library(listener, frame, "반납도서관", "대출도서관", "제공도서관", "도서관부호");
        String wanted = frame.value("트랜젝션상태").strip();
        Reply<LoanView[]> reply = region(library).call("kolas-transits", api -> api.transits(library),
                LoanView[].class);
        if (!reply.ok()) {
            throw refusal(reply);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (LoanView loan : reply.body()) {
            String state = transitState(loan.transit());
            if (!wanted.isEmpty() && !wanted.equals(state)) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            row.put("트랜젝션상태", state);
            row.put("대출도서관", loan.libraryCode());
            row.put("반납도서관", text(loan.returnedAtLibrary()));
            row.put("등록번호", registration(loan.itemBarcode()));
            row.put("로컬KEY", localKey(loan, library));
            row.put("반납일", KolasDates.write(loan.returnedAt()));
            row.put("서명", "");
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new Refusal("DT", 1, "해당하는 타관반납 자료가 없습니다.");
        }
        return KolasReplies.rows(frame, rows);
    }

    private KolasFrame transitStep(KolasServer.Listener listener, KolasFrame frame) {
        String state = frame.value("트랜젝션상태").strip();
        TransitState to = switch (state) {
            case "1" -> TransitState.SHIPPED;
            case "2" -> TransitState.BACK_HOME;
            default -> throw new Refusal("SY", 3, "트랜젝션상태는 1(발송) 또는 2(복귀)여야 합니다.");
        };
        String loanLibrary = checkedLibrary(required(frame, "대출도서관"));
        String key = localKeyOf(frame);
        List<String> candidates = new ArrayList<>();
        if (to == TransitState.BACK_HOME && listener.libraries().contains(loanLibrary)) {
            candidates.add(loanLibrary);
        }
        listener.libraries().stream().filter(l -> !candidates.contains(l)).forEach(candidates::add);
        for (String library : candidates) {
            Reply<LoanView[]> list = region(library).call("kolas-transits", api -> api.transits(library),
                    LoanView[].class);
            if (!list.ok()) {
                continue;
            }
            for (LoanView loan : list.body()) {
                if (loanLibrary.equals(loan.libraryCode()) && (key.equals(loan.loanId()) || key.equals(loan.localKey()))) {
                    String barcode = loan.itemBarcode();
                    Reply<LoanView> reply = region(library).callOnce("kolas-transit", api -> api.advanceTransit(library,
                            barcode, Map.of("state", to.name())), LoanView.class);
                    if (!reply.ok()) {
                        throw refusal(reply);
                    }
                    return KolasReplies.ok(frame);
                }
            }
        }
        throw new Refusal("DT", 1, "해당하는 타관반납 자료가 없습니다.");
    }

    private static String transitState(TransitState state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case RETURNED_ELSEWHERE -> "0";
            case SHIPPED -> "1";
            case BACK_HOME -> "2";
        };
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void reported(String command, String library, String key, LoanReportView view) {
        if (view == null) {
            return;
        }
        if (view.state() == LoanReportView.State.WAITING) {
            metrics.counter("chaekieum.kolas.reports", "command", command, "state", "waiting").increment();
            LOG.infof("KOLAS %s %s/%s kept by the region until %s", command, library, clip(key, 64), view.waitingFor());
        } else if (view.overrode() != null && !view.overrode().isEmpty()) {
            metrics.counter("chaekieum.kolas.reports", "command", command, "state", "overrode").increment();
            LOG.warnf("KOLAS %s %s/%s recorded past %s (reported as an overrun)", command, library, clip(key, 64),
                    view.overrode());
        } else {
            metrics.counter("chaekieum.kolas.reports", "command", command, "state", "applied").increment();
        }
    }

    private RegionClients.Region region(String library) {
        return regions.forLibrary(library).orElseThrow(() ->
                new Refusal("SY", 4, "도서관 " + library + "의 지역센터가 설정되어 있지 않습니다."));
    }

    /** The library a frame acts for: the first of the elements present, else the listener's; must be served here. */
    private String library(KolasServer.Listener listener, KolasFrame frame, String... elements) {
        for (String element : elements) {
            String value = frame.value(element).strip();
            if (!value.isEmpty()) {
                return library(listener, value);
            }
        }
        if (listener.libraries().isEmpty()) {
            throw new Refusal("SY", 4, "이 브리지에 설정된 도서관이 없습니다.");
        }
        return listener.libraries().get(0);
    }

    private String library(KolasServer.Listener listener, String code) {
        checkedLibrary(code);
        if (!listener.libraries().contains(code)) {
            throw new Refusal("SY", 4, "도서관 " + code + "은(는) 이 브리지가 맡은 도서관이 아닙니다.");
        }
        return code;
    }

    private static String checkedLibrary(String code) {
        if (!LibraryCode.isValid(code)) {
            throw new Refusal("SY", 3, "도서관부호는 6자리 숫자여야 합니다.");
        }
        return code;
    }

    private boolean servedByBridge(String library) {
        return config.listeners().values().stream().anyMatch(l -> l.libraries().contains(library));
    }

    private static String localKeyOf(KolasFrame frame) {
        String key = required(frame, "로컬KEY");
        if (key.length() > LoanReport.LOCAL_KEY_MAX || !key.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
            throw new Refusal("SY", 3, "로컬KEY가 올바르지 않습니다.");
        }
        return key;
    }

    private static String required(KolasFrame frame, String element) {
        String value = frame.value(element).strip();
        if (value.isEmpty()) {
            throw new Refusal("SY", 3, element + " 값이 필요합니다.");
        }
        return value;
    }

    private static String barcode(String library, String registration) {
        String barcode = "$" + library + registration.strip();
        try {
            return ItemBarcode.parse(barcode).value();
        } catch (InvalidIdentifierException e) {
            throw new Refusal("SY", 3, "등록번호가 올바르지 않습니다 (12자리).");
        }
    }

    private static String registration(String barcode) {
        if (barcode == null) {
            return "";
        }
        return barcode.startsWith("$") ? barcode.substring(7) : barcode.length() > 6 ? barcode.substring(6) : barcode;
    }

    /** 생일/생년 as the federation's YYYY-MM-DD; a year alone is not enough to enroll. */
    private static String birthDate(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return null;
        }
        return KolasDates.date(value).map(LocalDate::toString)
                .orElseThrow(() -> new Refusal("SY", 3, "생년월일(YYYY/MM/DD)이 필요합니다."));
    }

    private String name(String library) {
        return config.libraryNames().getOrDefault(library, library);
    }

    /**
     * The Idempotency-Key of a write: SHA-256 of the library, the command and the frame's content, so that the same
     * report drained twice from KOLAS's queue is one write, and a different report never shares a key.
     */
    static String idempotencyKey(String library, KolasFrame frame) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("kolas|" + library + "|" + frame.command() + "|").getBytes(StandardCharsets.UTF_8));
            for (Map<String, String> record : frame.records()) {
                record.forEach((name, value) -> digest.update((name + "=" + value + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            return "kolas-" + HexFormat.of().formatHex(digest.digest(), 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The region's refusal as an ERROR frame: DT for no data, DB for a duplicate, SY for the frame's own mistakes. */
    static Refusal refusal(Reply<?> reply) {
        Problem problem = reply.problem();
        String code = reply.code();
        String message = problem == null ? "지역센터가 요청을 거절했습니다 (HTTP " + reply.status() + ")."
                : problem.detailKo() != null ? problem.detailKo() : problem.title();
        String errorClass;
        int sequence;
        switch (code) {
            case "MEMBER_NOT_FOUND", "LOAN_NOT_FOUND", "ITEM_NOT_ON_LOAN" -> {
                errorClass = "DT";
                sequence = 1;
            }
            case "IDENTITY_ALREADY_ENROLLED" -> {
                errorClass = "DT";
                sequence = 2;
            }
            case "" -> {
                errorClass = "ET";
                sequence = 1;
            }
            default -> {
                boolean clientMistake = code.startsWith("FIELD_") || code.endsWith("_INVALID")
                        || "MALFORMED_REQUEST".equals(code) || "VALIDATION_FAILED".equals(code)
                        || code.startsWith("MEMBER_NUMBER_");
                errorClass = clientMistake ? "SY" : "DT";
                sequence = clientMistake ? 3 : 9;
            }
        }
        StringBuilder text = new StringBuilder(message == null ? code : message + " [" + code + "]");
        if (problem != null && problem.errors() != null) {
            problem.errors().forEach(error -> text.append(' ').append(error.field()).append(": ").append(error.code()));
        }
        return new Refusal(errorClass, sequence, text.toString());
    }

    private static boolean isUuid(String text) {
        return text.length() == 36 && text.chars().filter(c -> c == '-').count() == 4;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
