package org.chaekieum.hub.dashboard;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;
import java.time.LocalDate;

/**
 * The dashboard's texts, in Korean (the default) and English ({@code messages/dash_en.properties}); templates use
 * them as {@code {dash:...}}, in the locale of the page.
 */
@MessageBundle(value = "dash", locale = "ko")
public interface DashboardMessages {

    @Message("책이음 전국 현황")
    String title();

    @Message("본문으로 건너뛰기")
    String skip();

    @Message("전국")
    String national();

    @Message("{region} 지역")
    String region(String region);

    @Message("도서관 {code}")
    String library(String code);

    @Message("English")
    String otherLanguage();

    @Message("로그아웃")
    String logout();

    @Message("국가 모니터링 담당")
    String viewerNational();

    @Message("{region} 지역 운영자")
    String viewerRegion(String region);

    @Message("오늘 ({day})")
    String today(LocalDate day);

    @Message("대출")
    String checkouts();

    @Message("반납")
    String returns();

    @Message("타관반납")
    String returnsElsewhere();

    @Message("신규 가입")
    String enrollments();

    @Message("반입")
    String imports();

    @Message("대출 거절 (사유별, 오늘)")
    String refusals();

    @Message("통합 대출 한도")
    String nationalCap();

    @Message("도서관 대출 한도")
    String libraryCap();

    @Message("대출정지")
    String suspension();

    @Message("국가센터 연결 불가")
    String hubUnreachable();

    @Message("기타 사유")
    String otherRefusals();

    @Message("비상 규칙으로 한 대출")
    String degradedLoans();

    @Message("살펴볼 것")
    String watch();

    @Message("대출정지 중인 회원")
    String activeSuspensions();

    @Message("중복 가입 발견 (오늘 / 누적)")
    String duplicates();

    @Message("한도 초과 대출 (오늘 / 누적)")
    String overruns();

    @Message("거부된 회원번호 (오늘)")
    String refusedNumbers();

    @Message("국가센터 확인을 기다리는 임시 회원")
    String provisionalWaiting();

    @Message("—: 국가센터가 볼 수 없는 값입니다 (임시 회원은 지역센터가 관리합니다).")
    String unknownNote();

    @Message("오늘의 건수, 사유별 거절, 90일 추이는 지역센터의 이벤트로 집계한 일별 통계에서 옵니다 (발생 후 몇 초 안에 "
            + "반영). 반납은 표시된 도서관이 빌려준 책의 반납(어디서 반납했든), 타관반납은 다른 도서관의 책을 이곳에서 "
            + "받은 것입니다. 48시간 추이는 통합 대출 원장을 시간별로 세며, 반납은 반납한 곳에서 셉니다.")
    String statisticsNote();

    @Message("지역별 상태")
    String regions();

    @Message("지역")
    String regionColumn();

    @Message("연결")
    String health();

    @Message("정상")
    String healthUp();

    @Message("이상 있음")
    String healthDown();

    @Message("응답 없음")
    String healthUnreachable();

    @Message("주소 미설정")
    String healthNotConfigured();

    @Message("확인 전")
    String healthUnknown();

    @Message("마지막 이벤트")
    String lastEvent();

    @Message("미발행 이벤트")
    String outboxBacklog();

    @Message("미적용 결정")
    String decisionsWaiting();

    @Message("처리 실패")
    String deadLetters();

    @Message("이벤트 흐름")
    String pipeline();

    @Message("국가센터가 아직 적용하지 않은 이벤트")
    String hubConsumerLag();

    @Message("국가센터의 미발행 결정")
    String hubOutboxBacklog();

    @Message("처리 실패 이벤트 (전체)")
    String allDeadLetters();

    @Message("최근 48시간 (시간별)")
    String hourly();

    @Message("최근 90일 (일별)")
    String daily();

    @Message("차트와 같은 값을 표로 보기")
    String seriesTable();

    @Message("시각")
    String time();

    @Message("도서관")
    String libraryColumn();

    @Message("오늘의 도서관별 현황 (최근 48시간 안에 활동한 도서관)")
    String libraries();

    @Message("도서관 번호로 보기")
    String libraryLookup();

    @Message("보기")
    String show();

    @Message("실시간")
    String live();

    @Message("연결이 끊겼습니다. 다시 연결하는 중…")
    String offline();

    @Message("갱신")
    String updated();

    /** "#" stands for the number (the page's script fills it in as the figures move). */
    @Message("#초 전")
    String agoSeconds();

    @Message("#분 전")
    String agoMinutes();

    @Message("#시간 전")
    String agoHours();

    @Message("국가센터 시작 후 없음")
    String noEventSeen();

    @Message("이 현황을 볼 권한이 없습니다.")
    String notPermitted();

    @Message("개인정보는 표시하지 않습니다: 숫자, 지역, 도서관부호만 보입니다.")
    String noPersonalData();
}
