package io.hijackwatch.api;

import io.hijackwatch.ingest.BodyTooLargeException;
import io.hijackwatch.ingest.IngestRequestException;
import io.hijackwatch.ingest.UnreadableBodyException;
import io.hijackwatch.tenant.AccessDeniedException;
import io.hijackwatch.tenant.AuthenticationRequiredException;
import io.hijackwatch.tenant.RateLimitedException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the API into an RFC 9457 problem detail. Details say what the client can change; they never
 * carry internals, stack traces or anything about another tenant.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(AuthenticationRequiredException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationRequiredException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem(HttpStatus.UNAUTHORIZED, e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
        return respond(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    @ExceptionHandler(IngestRequestException.class)
    ResponseEntity<ProblemDetail> refused(IngestRequestException e) {
        return respond(e.status(), e.getMessage());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, e.getMessage() + " Nothing was stored; split the upload.");
    }

    @ExceptionHandler(UnreadableBodyException.class)
    ResponseEntity<ProblemDetail> unreadable(UnreadableBodyException e) {
        return respond(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        log.warn("The database is not reachable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "The database is not reachable; retry shortly."));
    }

    /**
     * Two large requests of one tenant that carry the same events can wait on each other; PostgreSQL ends the wait by
     * failing one of them, which stored nothing and may simply be sent again (events are stored once whatever is
     * repeated).
     */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> contended(PessimisticLockingFailureException e) {
        log.warn("A request gave way to another that stores the same data: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Another request was storing the same events at the same time; nothing of this one was"
                                + " stored. Send it again."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (lostTheDatabase(e)) {
            // A connection that died mid-transaction surfaces as whatever failed next (the rollback, the commit).
            return databaseUnavailable(new DataAccessResourceFailureException(e.getMessage(), e));
        }
        log.error("Request failed unexpectedly", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "The request failed on the server; it has been logged.");
    }

    /**
     * Whether the failure comes from a connection to the database that broke or was refused: SQL states of class 08
     * (connection exception) and 57P01 to 57P03 (the server shutting down or not yet accepting connections), anywhere
     * in the chain of causes, including the application exception a failed rollback hides.
     */
    static boolean lostTheDatabase(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof DataAccessResourceFailureException
                    || next instanceof CannotGetJdbcConnectionException) {
                return true;
            }
            if (next instanceof SQLException) {
                String state = ((SQLException) next).getSQLState();
                if (state != null && (state.startsWith("08") || state.matches("57P0[123]"))) {
                    return true;
                }
            }
            if (next instanceof TransactionSystemException) {
                Throwable hidden = ((TransactionSystemException) next).getApplicationException();
                if (hidden != null) {
                    pending.add(hidden);
                }
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(problem(status, detail));
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }
}
