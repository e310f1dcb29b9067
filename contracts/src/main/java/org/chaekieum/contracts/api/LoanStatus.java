package org.chaekieum.contracts.api;

public enum LoanStatus {
    ACTIVE,
    RETURNED
}
