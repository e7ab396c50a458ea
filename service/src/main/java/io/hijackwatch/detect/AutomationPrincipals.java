package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The principals of infrastructure-as-code pipelines and deploy bots, by pattern. Rules marked {@code
 * excludeAutomation} ignore their events: such pipelines raise quotas and launch fleets as a matter of course.
 * A pattern matches anywhere in the caller's ARN or, for a role session, in the role's ARN.
 */
public record AutomationPrincipals(List<Pattern> patterns) {

    public static final AutomationPrincipals NONE = new AutomationPrincipals(List.of());

    public static AutomationPrincipals of(List<String> expressions) {
        return new AutomationPrincipals(expressions.stream()
                .filter(expression -> !expression.isBlank())
                .map(Pattern::compile)
                .toList());
    }

    boolean matches(NormalizedEvent event) {
        if (patterns.isEmpty()) {
            return false;
        }
        Object role = event.attribute("identity.sessionIssuer");
        for (Pattern pattern : patterns) {
            if ((event.principal() != null && pattern.matcher(event.principal()).find())
                    || (role instanceof String roleArn
                            && pattern.matcher(roleArn).find())) {
                return true;
            }
        }
        return false;
    }
}
