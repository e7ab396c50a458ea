package io.hijackwatch.detect;

import io.hijackwatch.tenant.ApiKeyPrincipal;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The loaded rules, and turning them off or on for a tenant. */
@RestController
@RequestMapping("/api/v1/rules")
class RulesController {

    private final Map<String, Rule> rules;
    private final TenantRuleSettings settings;

    RulesController(RuleSet ruleSet, TenantRuleSettings settings, List<CodeRules> codeRules) {
        this.rules = java.util.stream.Stream.concat(
                        ruleSet.rules().stream(), codeRules.stream().flatMap(code -> code.rules().stream()))
                .collect(Collectors.toMap(Rule::id, Function.identity(), (a, b) -> a, java.util.TreeMap::new));
        this.settings = settings;
    }

    /** A rule as the API shows it, with whether it is on for the tenant asking. */
    record RuleView(
            String id,
            String title,
            String description,
            String technique,
            String severity,
            String provider,
            String mode,
            String dedupWindow,
            List<String> references,
            List<String> runbook,
            List<String> falsePositives,
            boolean enabled) {

        static RuleView of(Rule rule, boolean enabled) {
            return new RuleView(
                    rule.id(),
                    rule.title(),
                    rule.description(),
                    rule.technique(),
                    rule.severity().id(),
                    rule.provider(),
                    modeName(rule.mode()),
                    rule.dedupWindow().toString(),
                    rule.references(),
                    rule.runbook(),
                    rule.falsePositives(),
                    enabled);
        }

        private static String modeName(Mode mode) {
            if (mode instanceof Mode.NewTerms) {
                return "newTerms";
            }
            if (mode instanceof Mode.EventCount) {
                return "eventCount";
            }
            if (mode instanceof Mode.ValueCount) {
                return "valueCount";
            }
            if (mode instanceof Mode.Sequence) {
                return "sequence";
            }
            if (mode instanceof Mode.Baseline) {
                return "baseline";
            }
            if (mode instanceof Mode.InCode) {
                return "code";
            }
            return "everyEvent";
        }
    }

    /** Turns a rule on or off for the tenant. */
    record RuleUpdate(Boolean enabled) {}

    @GetMapping
    List<RuleView> list(@Parameter(hidden = true) ApiKeyPrincipal principal) {
        principal.requireRead();
        Set<String> disabled = settings.disabledRules(principal.tenantId());
        return rules.values().stream()
                .map(rule -> RuleView.of(rule, !disabled.contains(rule.id())))
                .toList();
    }

    @GetMapping("/{id}")
    RuleView get(@Parameter(hidden = true) ApiKeyPrincipal principal, @PathVariable String id) {
        principal.requireRead();
        Rule rule = known(id);
        return RuleView.of(rule, !settings.disabledRules(principal.tenantId()).contains(id));
    }

    @PatchMapping("/{id}")
    RuleView update(
            @Parameter(hidden = true) ApiKeyPrincipal principal,
            @PathVariable String id,
            @RequestBody RuleUpdate update) {
        principal.requireAdmin();
        Rule rule = known(id);
        if (update == null || update.enabled() == null) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "Send {\"enabled\": true} or {\"enabled\": false}.");
        }
        settings.setEnabled(principal.tenantId(), id, update.enabled());
        return RuleView.of(rule, update.enabled());
    }

    private Rule known(String id) {
        Rule rule = rules.get(id);
        if (rule == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No rule with id '" + id + "'.");
        }
        return rule;
    }
}
