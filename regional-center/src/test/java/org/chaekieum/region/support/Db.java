package org.chaekieum.region.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.List;
import org.chaekieum.region.repository.Member;

/** Direct reads of the region's database, for assertions. */
public final class Db {
    private Db() {
    }

    public static long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Member.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    @SuppressWarnings("unchecked")
    public static List<Object[]> rows(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Member.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return (List<Object[]>) query.getResultList();
        });
    }

    /** One column of every row. */
    @SuppressWarnings("unchecked")
    public static List<Object> column(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Member.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return (List<Object>) query.getResultList();
        });
    }

    public static int update(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = Member.getEntityManager().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        });
    }

    public static Member member(String number) {
        return QuarkusTransaction.requiringNew().call(() -> Member.byNumber(number).orElseThrow());
    }
}
