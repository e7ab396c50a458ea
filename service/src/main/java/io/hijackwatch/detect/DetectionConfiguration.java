package io.hijackwatch.detect;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the rules once at start-up: the shipped ones and, when configured, the operator's folder. */
@Configuration(proxyBeanMethods = false)
class DetectionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DetectionConfiguration.class);

    @Bean
    RuleSet ruleSet(@Value("${hijackwatch.detect.rules-dir:}") String rulesDir) {
        RuleSet rules = new RuleLoader().load(rulesDir.isBlank() ? null : Path.of(rulesDir));
        rules.problems().forEach(problem -> log.error("Rule not loaded: {}", problem));
        log.info("Loaded {} detection rules", rules.rules().size());
        return rules;
    }

    @Bean
    DetectionEngine detectionEngine(
            RuleSet rules, @Value("${hijackwatch.detect.automation-principals:}") List<String> automation) {
        return new DetectionEngine(rules.rules(), AutomationPrincipals.of(automation));
    }
}
