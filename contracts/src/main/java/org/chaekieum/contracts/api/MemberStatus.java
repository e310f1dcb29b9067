package org.chaekieum.contracts.api;

/** A member's status as the regions and the hub record it. */
public enum MemberStatus {
    /** Active; nothing pending. */
    NORMAL,
    /** Enrolled while the hub could not be asked whether the person already held a number; settled when it answers. */
    PROVISIONAL,
    /** Found later to duplicate an older number of the same person; linked to that number and no longer used. */
    LINKED,
    /** 대출정지. */
    SUSPENDED,
    /** 제명. */
    EXPELLED,
    /** 탈퇴. */
    WITHDRAWN
}
