package io.hijackwatch.source;

import io.hijackwatch.collector.pull.CollectorException;
import io.hijackwatch.collector.pull.InvalidSourceSettingsException;
import io.hijackwatch.collector.pull.SourceCollector;
import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Pull sources: what the service fetches by itself for a tenant (an SQS queue of CloudTrail files, an Azure
 * subscription's activity log...), with settings checked against the source's kind and secrets held by reference
 * only. Another tenant's source is not found, exactly like one that does not exist.
 */
@RestController
@RequestMapping("/api/v1/sources")
class SourcesController {

    private static final int MAX_NAME_LENGTH = 200;

    private final SourceRuntime runtime;
    private final SourceStore store;
    private final Clock clock;

    SourcesController(SourceRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.store = runtime.store;
        this.clock = clock;
    }

    /**
     * A source to register or the parts of one to change.
     *
     * @param settings the kind's settings; secret settings as {@code env:NAME} or {@code file:/path}
     */
    record SourceRequest(String name, String kind, Map<String, Object> settings, Boolean paused) {}

    /** The outcome of a connection test that worked. */
    record ConnectionTest(boolean ok, String message) {}

    @PostMapping
    ResponseEntity<SourceView> create(
            @Parameter(hidden = true) ApiKeyPrincipal principal, @RequestBody SourceRequest request) {
        principal.requireAdmin();
        if (request == null || request.kind() == null || request.kind().isBlank()) {
            throw badRequest("Name the source's kind; this service reads " + runtime.kinds.kinds() + ".");
        }
        String name = checkedName(request.name());
        Map<String, String> settings = checkedSettings(request.kind(), request.settings());
        Source created = unique(() -> store.create(
                principal.tenantId(), name, request.kind(), settings, Boolean.TRUE.equals(request.paused())));
        return ResponseEntity.created(URI.create("/api/v1/sources/" + created.id()))
                .body(SourceView.of(created, clock));
    }

    @GetMapping
    List<SourceView> list(@Parameter(hidden = true) ApiKeyPrincipal principal) {
        principal.requireRead();
        return store.list(principal.tenantId()).stream()
                .map(source -> SourceView.of(source, clock))
                .toList();
    }

    @GetMapping("/{id}")
    SourceView get(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireRead();
        return SourceView.of(existing(principal, id), clock);
    }

    @GetMapping("/{id}/rejections")
    List<SourceStore.RejectionView> rejections(
            @Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireRead();
        existing(principal, id);
        return store.rejections(principal.tenantId(), id, SourceStore.KEPT_REJECTIONS);
    }

    /** Changes the parts given; settings, when given, replace the old ones as a whole. */
    @PatchMapping("/{id}")
    SourceView patch(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @PathVariable long id,
            @RequestBody SourceRequest request) {
        principal.requireAdmin();
        return update(principal, id, request);
    }

    /** Replaces the source's name and settings (and pause state, when given). */
    @PutMapping("/{id}")
    SourceView put(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @PathVariable long id,
            @RequestBody SourceRequest request) {
        principal.requireAdmin();
        if (request == null || request.name() == null || request.settings() == null) {
            throw badRequest("A PUT carries the whole source: name and settings.");
        }
        return update(principal, id, request);
    }

    @PostMapping("/{id}/pause")
    SourceView pause(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        return SourceView.of(store.setPaused(principal.tenantId(), id, true).orElseThrow(() -> notFound(id)), clock);
    }

    @PostMapping("/{id}/resume")
    SourceView resume(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        return SourceView.of(store.setPaused(principal.tenantId(), id, false).orElseThrow(() -> notFound(id)), clock);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        if (!store.delete(principal.tenantId(), id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** Opens the source's collector and makes its cheapest call, storing nothing. */
    @PostMapping("/{id}/test")
    ConnectionTest test(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable long id) {
        principal.requireAdmin();
        Source source = existing(principal, id);
        try (SourceCollector collector = runtime.open(source)) {
            return new ConnectionTest(true, collector.testConnection());
        } catch (InvalidSourceSettingsException e) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        } catch (CollectorException e) {
            HttpStatus status = e.permanent() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_GATEWAY;
            throw new ResponseStatusException(status, e.getMessage());
        }
    }

    private SourceView update(ApiKeyPrincipal principal, long id, SourceRequest request) {
        if (request == null) {
            throw badRequest("Send the parts of the source to change.");
        }
        Source source = existing(principal, id);
        if (request.kind() != null && !request.kind().equals(source.kind())) {
            throw badRequest("A source's kind cannot change; register a new source instead.");
        }
        String name = request.name() == null ? source.name() : checkedName(request.name());
        Map<String, String> settings =
                request.settings() == null ? source.settings() : checkedSettings(source.kind(), request.settings());
        boolean paused = request.paused() == null ? source.paused() : request.paused();
        Source updated = unique(() -> store.update(principal.tenantId(), id, name, settings, paused))
                .orElseThrow(() -> notFound(id));
        return SourceView.of(updated, clock);
    }

    private Source existing(ApiKeyPrincipal principal, long id) {
        return store.find(principal.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw badRequest("Give the source a name.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw badRequest("A source's name has at most " + MAX_NAME_LENGTH + " characters.");
        }
        return name.trim();
    }

    /** The settings as text, checked against the kind and by opening a collector with them. */
    private Map<String, String> checkedSettings(String kind, Map<String, Object> given) {
        Map<String, String> settings = new TreeMap<>();
        if (given != null) {
            given.forEach((key, value) -> {
                if (value instanceof Map || value instanceof List) {
                    throw badRequest("The setting " + key + " must be a single value.");
                }
                if (value != null) {
                    settings.put(key, value.toString());
                }
            });
        }
        try (SourceCollector collector = runtime.open("new", kind, settings)) {
            return settings;
        } catch (InvalidSourceSettingsException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static <T> T unique(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (DuplicateKeyException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The tenant has a source with that name already.");
        }
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No source with id " + id + ".");
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
