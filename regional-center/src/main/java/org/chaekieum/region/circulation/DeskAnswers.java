package org.chaekieum.region.circulation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.region.repository.IdempotencyStore;

/**
 * The answers circulation writes keep by Idempotency-Key ({@link IdempotencyStore}): a request sent again gets the
 * answer it got the first time, and a twin that lost a race gets the winner's.
 */
@ApplicationScoped
public class DeskAnswers {

    @Inject
    IdempotencyStore idempotency;

    /**
     * After a write failed: the answer its twin saved, when a request with the same Idempotency-Key ran at the same
     * moment and won (a concurrent insert of the same key, or the loan it ended first); otherwise the failure itself.
     */
    Answer twinsAnswer(RuntimeException failure, String scope, String key, String requestHash) {
        if (key != null) {
            Optional<Answer> saved = repeated(scope, key, requestHash);
            if (saved.isPresent()) {
                return saved.get();
            }
        }
        throw failure;
    }

    Optional<Answer> repeated(String scope, String key, String requestHash) {
        return idempotency.replay(scope, key, requestHash, LoanView.class)
                .map(saved -> new Answer(saved.status(), saved.body()));
    }

    void remember(String scope, String key, String requestHash, int status, LoanView view, Instant at) {
        idempotency.remember(scope, key, requestHash, status, view, at);
    }
}
