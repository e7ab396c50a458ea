package io.hijackwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database went away" (503, retry) rather than a fault of the service (500). */
class ProblemHandlerTests {

    @Test
    void aRollbackThatFailedBecauseTheServerShutTheConnectionIsAnOutage() {
        TransactionSystemException rollback = new TransactionSystemException(
                "JDBC rollback failed", new SQLException("This connection has been closed.", "08003"));
        rollback.initApplicationException(new UncategorizedSQLException(
                "insert",
                "INSERT ...",
                new SQLException("terminating connection due to administrator command", "57P01")));

        assertThat(ProblemHandler.lostTheDatabase(rollback)).isTrue();
        assertThat(ProblemHandler.lostTheDatabase(new UncategorizedSQLException(
                        "select", "SELECT 1", new SQLException("the database system is starting up", "57P03"))))
                .isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        TransactionSystemException commit = new TransactionSystemException(
                "commit failed", new SQLException("could not serialize access", "40001"));

        assertThat(ProblemHandler.lostTheDatabase(commit)).isFalse();
        assertThat(ProblemHandler.lostTheDatabase(new DataIntegrityViolationException(
                        "duplicate", new SQLException("duplicate key value", "23505"))))
                .isFalse();
        assertThat(ProblemHandler.lostTheDatabase(new IllegalStateException("a bug")))
                .isFalse();
    }
}
