package org.chaekieum.region.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.region.security.Caller;
import org.chaekieum.runtime.problem.ProblemException;

/**
 * First answers of writes sent with an {@code Idempotency-Key}. The answer is saved in the transaction of the write,
 * so a retried request either finds it (and gets it again) or the write never happened. A key is the client's own:
 * answers are kept per client (the token's {@link Caller#clientId()}), kind of write and library ({@code scope}), so
 * that another client acting for the same library with the same key never gets this one's answer. Answers are deleted
 * after {@code chaekieum.idempotency.retention} ({@link #expire}).
 */
@ApplicationScoped
public class IdempotencyStore {

    /** A saved answer and the hash of the request it answered. */
    public record Saved(String requestHash, int status, String body) {
    }

    /** A saved answer read back: its status ({@code 201} becomes {@code 200}: created the first time) and body. */
    public record Replay<T>(int status, T body) {
    }

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Caller caller;

    /**
     * The first answer of a request sent again with the same key ({@code key} null: none); the same key with another
     * request is refused with {@link ErrorCode#IDEMPOTENCY_KEY_REUSED}.
     */
    public <T> Optional<Replay<T>> replay(String scope, String key, String requestHash, Class<T> type) {
        if (key == null) {
            return Optional.empty();
        }
        return find(caller.clientId(), scope, key).map(saved -> {
            if (!saved.requestHash().equals(requestHash)) {
                throw new ProblemException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            }
            try {
                return new Replay<>(saved.status() == 201 ? 200 : saved.status(), json.readValue(saved.body(), type));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable saved answer", e);
            }
        });
    }

    /** Saves the answer as JSON in the caller's transaction ({@code key} null: nothing to save). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(String scope, String key, String requestHash, int status, Object body, Instant at) {
        if (key == null) {
            return;
        }
        try {
            save(caller.clientId(), scope, key, requestHash, status, json.writeValueAsString(body), at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public Optional<Saved> find(String clientId, String scope, String key) {
        return em.createNativeQuery("select request_hash, response_status, response_body from idempotency_record"
                        + " where client_id = ?1 and scope = ?2 and idem_key = ?3", Object[].class)
                .setParameter(1, clientId).setParameter(2, scope).setParameter(3, key)
                .getResultStream().findFirst()
                .map(result -> {
                    Object[] row = (Object[]) result;
                    return new Saved((String) row[0], ((Number) row[1]).intValue(), (String) row[2]);
                });
    }

    /** In the caller's transaction; a concurrent twin fails on the primary key and its write rolls back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(String clientId, String scope, String key, String requestHash, int status, String body,
                     Instant at) {
        em.createNativeQuery("insert into idempotency_record (client_id, scope, idem_key, request_hash,"
                        + " response_status, response_body, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, clientId).setParameter(2, scope).setParameter(3, key).setParameter(4, requestHash)
                .setParameter(5, status).setParameter(6, body).setParameter(7, at)
                .executeUpdate();
    }

    /**
     * Deletes up to {@code batch} saved answers older than {@code before}, in the caller's transaction; how many. A
     * request sent again with the key of a deleted answer is a new request.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int expire(Instant before, int batch) {
        return em.createNativeQuery("delete from idempotency_record where ctid in (select ctid from idempotency_record"
                        + " where created_at < ?1 order by created_at limit ?2)")
                .setParameter(1, before).setParameter(2, batch)
                .executeUpdate();
    }

    public static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
