package io.hijackwatch.tenant;

import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Tenants (operator key) and each tenant's API keys (its admin keys). A key is shown once, when it is made; only its
 * hash is stored.
 */
@RestController
class TenantsController {

    private static final int MAX_NAME = 100;

    private final TenantRepository tenants;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TenantsController(TenantRepository tenants, TransactionTemplate transactions, Clock clock) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A new tenant's name. */
    record NewTenant(String name) {}

    /** A tenant just made, with its first admin key: the only time the key is shown. */
    record CreatedTenant(long id, String name, String adminKey) {}

    /** A new key: a name for people, a role ({@code admin}, {@code reader}, {@code ingest}) and an optional expiry. */
    record NewKey(String name, String role, Instant expiresAt) {}

    /** A key just made: the only time the key itself is shown. */
    record CreatedKey(String name, String role, Instant expiresAt, String key) {}

    @PostMapping("/api/v1/tenants")
    ResponseEntity<CreatedTenant> createTenant(
            @Parameter(hidden = true) OperatorAccess operator, @RequestBody NewTenant request) {
        String name = name(request == null ? null : request.name(), "tenant");
        try {
            CreatedTenant created = transactions.execute(status -> {
                long id = tenants.createTenant(name);
                return new CreatedTenant(id, name, tenants.createKey(id, "first admin key", Role.ADMIN, null));
            });
            return ResponseEntity.status(HttpStatus.CREATED).body(created);
        } catch (DuplicateKeyException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A tenant named '" + name + "' exists already.");
        }
    }

    @GetMapping("/api/v1/tenants")
    List<TenantRepository.TenantView> listTenants(@Parameter(hidden = true) OperatorAccess operator) {
        return tenants.listTenants();
    }

    @GetMapping("/api/v1/keys")
    List<TenantRepository.KeyView> listKeys(@Parameter(hidden = true) ApiKeyPrincipal principal) {
        principal.requireAdmin();
        return tenants.listKeys(principal.tenantId());
    }

    @PostMapping("/api/v1/keys")
    ResponseEntity<CreatedKey> createKey(
            @Parameter(hidden = true) ApiKeyPrincipal principal, @RequestBody NewKey request) {
        principal.requireAdmin();
        if (request == null) {
            throw badRequest("Send {\"name\": ..., \"role\": \"admin|reader|ingest\"}.");
        }
        String name = name(request.name(), "key");
        Role role = role(request.role());
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw badRequest("expiresAt must be in the future.");
        }
        String key = tenants.createKey(principal.tenantId(), name, role, request.expiresAt());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedKey(name, role.id(), request.expiresAt(), key));
    }

    @DeleteMapping("/api/v1/keys/{id}")
    ResponseEntity<Void> revokeKey(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        if (!tenants.revokeKey(principal.tenantId(), id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No key with id " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private static String name(String name, String what) {
        if (name == null || name.isBlank() || name.trim().length() > MAX_NAME) {
            throw badRequest("Give the " + what + " a name of 1 to " + MAX_NAME + " characters.");
        }
        return name.trim();
    }

    private static Role role(String role) {
        try {
            return Role.fromId(role == null ? "" : role.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badRequest("role must be admin, reader or ingest.");
        }
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
