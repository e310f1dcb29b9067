package org.chaekieum.runtime.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Scheduled jobs run on one replica at a time: a job holds a session advisory lock on its name
 * ({@code pg_try_advisory_lock(hashtext('job:<name>'))}) on its own connection while it runs, and a replica that
 * cannot take it skips that turn. A replica that dies mid-run loses the lock with its connection.
 */
@ApplicationScoped
public class Jobs {

    private static final Logger LOG = Logger.getLogger(Jobs.class);

    @Inject
    DataSource dataSource;

    /** Runs {@code work} unless the job is running elsewhere; true when it ran. */
    public boolean alone(String job, Runnable work) {
        String key = "job:" + job;
        try (Connection connection = dataSource.getConnection()) {
            if (!lock(connection, "select pg_try_advisory_lock(hashtext(?))", key)) {
                LOG.debugf("job %s is running on another replica; skipped", job);
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                lock(connection, "select pg_advisory_unlock(hashtext(?))", key);
            }
        } catch (SQLException e) {
            LOG.warnf("job %s not run this turn: %s", job, e.toString());
            return false;
        }
    }

    private static boolean lock(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
