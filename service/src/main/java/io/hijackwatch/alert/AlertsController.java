package io.hijackwatch.alert;

import io.hijackwatch.detect.Severity;
import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Reading and triaging a tenant's alerts. */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertsController {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;
    private static final String CURSOR_PREFIX = "alert:";

    private final AlertStore alerts;
    private final TransactionTemplate transactions;

    AlertsController(AlertStore alerts, TransactionTemplate transactions) {
        this.alerts = alerts;
        this.transactions = transactions;
    }

    /** One page of alerts, newest first, and the cursor of the next page when there is one. */
    record AlertPage(List<AlertView> items, String nextCursor) {}

    /** A status change: {@code open}, {@code acknowledged}, {@code resolved} or {@code suppressed}. */
    record AlertUpdate(String status) {}

    @GetMapping
    AlertPage list(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) List<String> severity,
            @RequestParam(required = false) List<String> technique,
            @RequestParam(required = false) List<String> provider,
            @RequestParam(required = false) List<String> account,
            @RequestParam(required = false) List<String> rule,
            @RequestParam(required = false) Instant since,
            @RequestParam(required = false) Instant until,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        principal.requireRead();
        AlertQuery query = new AlertQuery(
                known(
                        status,
                        "status",
                        Arrays.stream(AlertStatus.values()).map(AlertStatus::id).toList()),
                known(
                        severity,
                        "severity",
                        Arrays.stream(Severity.values()).map(Severity::id).toList()),
                technique,
                provider,
                account,
                rule,
                since,
                until);
        int pageSize = pageSize(limit);

        List<Alert> page = alerts.list(principal.tenantId(), query, decodeCursor(cursor), pageSize + 1);
        boolean more = page.size() > pageSize;
        List<AlertView> items = page.stream().limit(pageSize).map(AlertView::of).toList();
        String next = more ? encodeCursor(items.get(items.size() - 1).id()) : null;
        return new AlertPage(items, next);
    }

    @GetMapping("/{id}")
    AlertView get(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireRead();
        return alerts.find(principal.tenantId(), id).map(AlertView::of).orElseThrow(() -> notFound(id));
    }

    @PatchMapping("/{id}")
    AlertView update(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @PathVariable long id,
            @RequestBody AlertUpdate update) {
        principal.requireAdmin();
        AlertStatus status = parseStatus(update == null ? null : update.status());
        return transactions
                .execute(tx -> alerts.updateStatus(principal.tenantId(), id, status))
                .map(AlertView::of)
                .orElseThrow(() -> notFound(id));
    }

    private static AlertStatus parseStatus(String status) {
        if (status == null) {
            throw badRequest("Send the new status: open, acknowledged, resolved or suppressed.");
        }
        try {
            return AlertStatus.fromId(status.trim());
        } catch (IllegalArgumentException e) {
            throw badRequest("Unknown status '" + status + "'; use open, acknowledged, resolved or suppressed.");
        }
    }

    private static List<String> known(List<String> values, String name, List<String> allowed) {
        if (values == null) {
            return null;
        }
        List<String> normalized = values.stream()
                .map(value -> value.trim().toLowerCase(Locale.ROOT))
                .toList();
        for (String value : normalized) {
            if (!allowed.contains(value)) {
                throw badRequest(
                        "Unknown " + name + " '" + value + "'; use one of " + String.join(", ", allowed) + ".");
            }
        }
        return normalized;
    }

    private static int pageSize(Integer limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw badRequest("limit must be between 1 and " + MAX_PAGE + ".");
        }
        return limit;
    }

    private static String encodeCursor(long lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw badRequest("The cursor is not one this API gave out; start again without it.");
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No alert with id " + id + ".");
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
