package org.chaekieum.contracts.api;

/** 회원 구분. */
public enum MemberCategory {
    /** 정회원: may borrow. */
    FULL,
    /** 준회원: web services only until converted. */
    ASSOCIATE
}
