package org.chaekieum.adapter.sip2;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * What a kiosk shows the member (AF screen message), in Korean; {@link ScreenEn} has the English. Short enough for a
 * kiosk's screen, each says what to do next.
 */
@MessageBundle(value = "screen", locale = "ko")
public interface Screen {

    @Message("로그인이 필요합니다.")
    String loginRequired();

    @Message("대출되었습니다. 반납 예정일: {dueOn}")
    String checkedOut(String dueOn);

    @Message("이미 회원님께 대출된 자료입니다. 반납 예정일: {dueOn}")
    String alreadyYours(String dueOn);

    @Message("반납되었습니다.")
    String checkedIn();

    @Message("반납되었습니다. 이 자료는 {library} 도서관 자료입니다. 타관반납함에 넣어 주세요.")
    String checkedInElsewhere(String library);

    @Message("반납이 접수되었습니다. 자료는 {library} 도서관으로 보내집니다.")
    String checkedInKept(String library);

    @Message("반납 연기되었습니다. 새 반납 예정일: {dueOn}")
    String renewed(String dueOn);

    @Message("{renewed}권 반납 연기, {unrenewed}권 연기 불가")
    String renewedAll(int renewed, int unrenewed);

    @Message("{until}까지 대출정지 중입니다 (정지 도서관 {library}).")
    String suspendedUntil(String until, String library);

    @Message("대출정지 중입니다. 데스크에 문의해 주세요.")
    String suspended();

    @Message("전국 대출 한도 {cap}권 중 {count}권을 대출 중입니다. 반납 후 이용해 주세요.")
    String nationalCap(Object count, Object cap);

    @Message("이 도서관 대출 한도 {cap}권 중 {count}권을 대출 중입니다.")
    String libraryCap(Object count, Object cap);

    @Message("이미 대출 중인 자료입니다. 데스크에 문의해 주세요.")
    String itemOnLoan();

    @Message("대출 중이 아닌 자료입니다.")
    String itemNotOnLoan();

    @Message("이 도서관 자료가 아닙니다. 소장 도서관에서 대출해 주세요.")
    String itemNotHeldHere();

    @Message("이 도서관에 등록되지 않은 회원입니다. 데스크에서 회원 반입(책이음)을 해 주세요.")
    String importRequired();

    @Message("준회원은 대출할 수 없습니다. 데스크에서 정회원으로 전환해 주세요.")
    String associate();

    @Message("회원번호를 확인할 수 없습니다. 데스크에 문의해 주세요.")
    String unknownPatron();

    @Message("이용할 수 없는 회원입니다(탈퇴·제명·통합). 데스크에 문의해 주세요.")
    String memberNotActive();

    @Message("비밀번호가 맞지 않습니다. 남은 횟수: {left}")
    String wrongPassword(Object left);

    @Message("비밀번호가 맞지 않습니다.")
    String wrongPasswordNoCount();

    @Message("비밀번호 오류가 많아 잠시 이용할 수 없습니다. {minutes}분 후 다시 시도하거나 데스크에 문의해 주세요.")
    String passwordLocked(long minutes);

    @Message("이 도서관에 등록된 카드 비밀번호가 없습니다. 데스크에 문의해 주세요.")
    String passwordNotSet();

    @Message("반납 연기 횟수를 모두 사용했습니다.")
    String noRenewalsLeft();

    @Message("바코드를 읽을 수 없습니다. 다시 스캔하거나 데스크에 문의해 주세요.")
    String badBarcode();

    @Message("국가센터에 연결할 수 없어 지금은 대출할 수 없습니다. 잠시 후 다시 시도해 주세요.")
    String nationalCapUnverifiable();

    @Message("지금은 처리할 수 없습니다. 잠시 후 다시 시도하거나 데스크에 문의해 주세요.")
    String regionUnreachable();

    @Message("이 기기에서는 할 수 없는 업무입니다. 데스크에 문의해 주세요.")
    String notPermitted();

    @Message("지원하지 않는 기능입니다. 데스크에 문의해 주세요.")
    String notSupported();

    @Message("처리할 수 없습니다: {detail}")
    String refused(String detail);

    @Message("국가센터 확인 없이 제한 대출되었습니다. 반납 예정일: {dueOn}")
    String checkedOutDegraded(String dueOn);
}
