package io.hijackwatch.alert;

import io.hijackwatch.detect.RuleSet;
import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Suppressions: new alerts of a rule, an account or a principal (or a combination) are stored as {@code suppressed}
 * until the suppression expires, so that a known noisy source stays quiet without losing the record.
 */
@RestController
@RequestMapping("/api/v1/suppressions")
class SuppressionsController {

    private final SuppressionStore suppressions;
    private final Set<String> ruleIds;
    private final Clock clock;

    SuppressionsController(SuppressionStore suppressions, RuleSet rules, Clock clock) {
        this.suppressions = suppressions;
        this.ruleIds = rules.rules().stream().map(rule -> rule.id()).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /** What to suppress (at least one of rule, account and principal), why, and until when (never, if unset). */
    record NewSuppression(String ruleId, String account, String principal, String reason, Instant expiresAt) {}

    @GetMapping
    List<SuppressionStore.Suppression> list(@Parameter(hidden = true) ApiKeyPrincipal principal) {
        principal.requireRead();
        return suppressions.list(principal.tenantId());
    }

    @PostMapping
    ResponseEntity<SuppressionStore.Suppression> create(
            @Parameter(hidden = true) ApiKeyPrincipal principal, @RequestBody NewSuppression request) {
        principal.requireAdmin();
        validate(request);
        SuppressionStore.Suppression created = suppressions.create(
                principal.tenantId(),
                blankToNull(request.ruleId()),
                blankToNull(request.account()),
                blankToNull(request.principal()),
                request.reason().trim(),
                request.expiresAt());
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        if (!suppressions.delete(principal.tenantId(), id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No suppression with id " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private void validate(NewSuppression request) {
        if (request == null
                || (blankToNull(request.ruleId()) == null
                        && blankToNull(request.account()) == null
                        && blankToNull(request.principal()) == null)) {
            throw badRequest("Name at least one of ruleId, account and principal.");
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw badRequest("Give a reason, so the next person knows why alerts are quiet.");
        }
        if (request.ruleId() != null && !request.ruleId().isBlank() && !ruleIds.contains(request.ruleId())) {
            throw badRequest("No rule with id '" + request.ruleId() + "'.");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw badRequest("expiresAt must be in the future.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
