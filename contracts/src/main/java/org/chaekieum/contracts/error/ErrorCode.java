package org.chaekieum.contracts.error;

/**
 * Every refusal the federation gives carries one of these stable codes, with a message a librarian can read in
 * Korean and in English. Codes never change meaning once published; new ones are only ever added.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400, "요청 본문을 읽을 수 없습니다(JSON 형식 오류).", "The request body is not valid JSON."),
    VALIDATION_FAILED(400, "입력값을 확인해 주세요.", "Some fields are missing or invalid."),
    FIELD_REQUIRED(400, "필수 항목입니다.", "This field is required."),
    FIELD_INVALID(400, "값이 올바르지 않습니다.", "This value is not valid."),
    FIELD_TOO_LONG(400, "입력값이 너무 깁니다.", "This value is too long."),
    LIBRARY_CODE_INVALID(400, "도서관부호는 숫자 6자리여야 합니다.", "A library code is exactly 6 digits."),
    MEMBER_NUMBER_INVALID(400, "통합회원번호는 숫자 14자리여야 합니다.", "A unified member number is exactly 14 digits."),
    MEMBER_NUMBER_CHECK_DIGIT(400, "통합회원번호의 검증번호(마지막 자리)가 맞지 않습니다. 번호를 다시 확인해 주세요.",
            "The check digit (last digit) of the unified member number is wrong. Please re-check the number."),
    MEMBER_NUMBER_LEGACY_NOT_ALLOWED(400, "구 형식(검증번호 없음) 회원번호는 이관으로만 등록할 수 있습니다.",
            "A legacy member number (without check digit) can only enter through migration."),
    ITEM_BARCODE_INVALID(400, "책이음 통합바코드는 '$' + 도서관부호 6자리 + 등록번호 12자리입니다.",
            "An item barcode is '$' + 6-digit library code + 12-character registration number."),
    BIRTH_DATE_INVALID(400, "생년월일은 YYYY-MM-DD 형식의 과거 날짜여야 합니다.", "The birth date must be a past date in YYYY-MM-DD form."),
    PHONE_INVALID(400, "전화번호 형식이 올바르지 않습니다(예: 010-1234-5678).", "The phone number is not valid (e.g. 010-1234-5678)."),
    CATEGORY_INVALID(400, "회원 구분은 FULL(정회원) 또는 ASSOCIATE(준회원)입니다.", "The category is FULL or ASSOCIATE."),
    CONSENT_REQUIRED(400, "개인정보 수집·이용 동의가 필요합니다.", "The member's consent to the collection and use of personal data is required."),
    GUARDIAN_REQUIRED(400, "만 14세 미만은 법정대리인의 이름, 전화번호와 동의가 필요합니다.",
            "A member under 14 needs a legal guardian's name, phone and consent."),
    LIBRARY_NOT_IN_REGION(404, "이 지역센터에 등록되지 않은 도서관입니다.", "This library is not served by this regional center."),
    MEMBER_NOT_FOUND(404, "회원을 찾을 수 없습니다.", "No member with this number."),
    IDENTITY_ALREADY_ENROLLED(409, "이미 통합회원번호가 있는 분입니다. 새로 가입하지 말고 회원 반입을 해 주세요.",
            "This person already holds a unified member number. Import the member instead of enrolling again."),
    SERIAL_EXHAUSTED(409, "올해 이 도서관의 회원번호 일련번호가 모두 소진되었습니다.", "This library has used every member serial for this year."),
    TRANSFER_CONSENT_REQUIRED(400, "회원 정보 이관(반입)에 대한 회원의 동의가 필요합니다.",
            "The member's consent to the transfer of their data (import) is required."),
    MODIFIER_INVALID(400, "회원 구분 추가 항목(예: MULTI_CHILD 다자녀가정)과 오늘 이후의 만료일이 필요합니다.",
            "A category modifier (e.g. MULTI_CHILD) needs an expiry date after today."),
    STATUS_CHANGE_INVALID(400, "이 요청으로 바꿀 수 있는 상태는 NORMAL(정상)과 EXPELLED(제명)입니다. 탈퇴는 탈퇴 요청으로 해 주세요.",
            "Only NORMAL and EXPELLED can be set here; withdrawal has its own request."),
    IDENTITY_MISMATCH(422, "본인인증 정보가 이 회원번호의 회원과 일치하지 않습니다.",
            "The identity verification does not match the holder of this member number."),
    MEMBER_NOT_ACTIVE(409, "탈퇴·제명되었거나 다른 번호로 통합된 회원입니다.",
            "This member has withdrawn, was expelled, or was merged into another number."),
    CHANGE_AT_HOME_REGION(409, "회원 정보 변경은 회원이 처음 가입한 지역센터의 도서관에서 해 주세요.",
            "Change this member's data at a library of the member's home region."),
    WITHDRAWAL_REFUSED_ACTIVE_LOANS(409, "대출 중인 자료가 있어 탈퇴할 수 없습니다. 먼저 반납해 주세요.",
            "The member has items on loan; they must be returned before withdrawal."),
    HOME_REGION_UNREACHABLE(503, "회원의 소속 지역센터에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
            "The member's home regional center cannot be reached. Please try again shortly."),
    IMPORT_REQUIRED(409, "이 도서관에 등록되지 않은 회원입니다. 먼저 회원 반입을 해 주세요.",
            "The member is not registered at this library: import the member first."),
    ASSOCIATE_CANNOT_BORROW(409, "준회원은 대출할 수 없습니다. 정회원으로 전환해 주세요.",
            "Associate members cannot borrow; convert the member to a full member first."),
    MEMBER_SUSPENDED(409, "대출정지 중인 회원입니다.", "The member is suspended from borrowing."),
    LIBRARY_CAP_REACHED(409, "이 도서관의 대출 한도에 도달했습니다.", "The member has reached this library's loan cap."),
    NATIONAL_CAP_REACHED(409, "전국 통합 대출 한도에 도달했습니다.",
            "The member has reached the national cap on loans across all libraries."),
    NATIONAL_CAP_UNVERIFIABLE(503, "국가센터에 연결할 수 없어 전국 대출 한도를 확인할 수 없습니다. 잠시 후 다시 시도해 주세요.",
            "The national cap cannot be checked because the national hub is unreachable. Please try again shortly."),
    ITEM_ON_LOAN(409, "이미 대출 중인 자료입니다.", "This item is already on loan."),
    ITEM_NOT_HELD_HERE(409, "이 도서관 소장 자료가 아닙니다. 소장 도서관에서 대출해 주세요.",
            "This item belongs to another library; it is lent by its owning library."),
    ITEM_NOT_ON_LOAN(404, "대출 중이 아닌 자료입니다.", "This item is not on loan."),
    LOAN_NOT_FOUND(404, "대출 기록을 찾을 수 없습니다.", "No such loan."),
    NO_RENEWALS_LEFT(409, "반납 연기 가능 횟수를 모두 사용했습니다.", "The loan has no renewals left."),
    CARD_PASSWORD_WRONG(422, "카드 비밀번호가 일치하지 않습니다.", "The card password is wrong."),
    CARD_PASSWORD_NOT_SET(409, "이 도서관에 등록된 회원의 카드 비밀번호가 없습니다. 도서관 데스크에 문의해 주세요.",
            "This library keeps no card password for the member; please ask at the library's desk."),
    CARD_PASSWORD_LOCKED(429,
            "카드 비밀번호를 여러 번 잘못 입력하여 잠겼습니다. 잠시 후 다시 시도하거나 도서관 데스크에 문의해 주세요.",
            "The card password was entered wrongly too many times and is locked; try again later or ask at the desk."),
    POLICY_INVALID(400, "대출 정책 값이 올바르지 않습니다.", "The loan policy has invalid values."),
    CONCURRENT_CHANGE(409, "다른 요청이 같은 기록을 동시에 바꾸었습니다. 같은 요청을 다시 보내 주세요.",
            "Another request changed the same record at the same moment. Please send the same request again."),
    IDEMPOTENCY_KEY_REUSED(422, "같은 Idempotency-Key가 다른 요청에 사용되었습니다.",
            "This Idempotency-Key was already used for a different request."),
    NATIONAL_HUB_UNREACHABLE(503, "국가센터에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
            "The national hub cannot be reached. Please try again shortly."),
    EVENT_BROKER_UNREACHABLE(503, "이벤트 브로커(Kafka)에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
            "The event broker (Kafka) cannot be reached. Please try again shortly."),
    UNAUTHENTICATED(401, "인증이 필요합니다. 유효한 액세스 토큰(Bearer)을 보내 주세요.",
            "Authentication is required: send a valid bearer access token."),
    FORBIDDEN(403, "이 요청을 처리할 권한이 없는 클라이언트입니다.", "This client is not allowed to make this request."),
    LIBRARY_NOT_PERMITTED(403, "이 도서관의 업무를 처리할 권한이 없는 클라이언트입니다.",
            "This client may not act for this library."),
    REGION_NOT_PERMITTED(403, "이 지역의 업무를 처리할 권한이 없는 클라이언트입니다.",
            "This client may not act for this region."),
    NOT_FOUND(404, "요청한 주소를 찾을 수 없습니다.", "No such resource."),
    METHOD_NOT_ALLOWED(405, "허용되지 않는 요청 방식입니다.", "This method is not allowed here."),
    UNSUPPORTED_MEDIA_TYPE(415, "application/json 형식으로 보내 주세요.", "Send the request as application/json."),
    INTERNAL_ERROR(500, "시스템 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.", "An internal error occurred. Please try again shortly.");

    private final int status;
    private final String messageKo;
    private final String messageEn;

    ErrorCode(int status, String messageKo, String messageEn) {
        this.status = status;
        this.messageKo = messageKo;
        this.messageEn = messageEn;
    }

    public int status() {
        return status;
    }

    public String messageKo() {
        return messageKo;
    }

    public String messageEn() {
        return messageEn;
    }

    /** The problem type URI published for this code. */
    public String typeUri() {
        return "https://chaekieum.org/problems/" + name().toLowerCase().replace('_', '-');
    }
}
