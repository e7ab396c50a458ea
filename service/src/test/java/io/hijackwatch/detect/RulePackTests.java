package io.hijackwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every shipped rule loads, passes its lint and behaves as its own samples say. */
class RulePackTests {

    static RuleSet pack;

    @BeforeAll
    static void load() {
        pack = new RuleLoader(true).load(List.of());
    }

    @Test
    void everyShippedRuleLoads() {
        assertThat(pack.problems()).isEmpty();
        assertThat(pack.rules()).isNotEmpty();
    }

    @TestFactory
    List<DynamicTest> everyRulePassesItsOwnSamples() {
        RuleSampleRunner runner = new RuleSampleRunner(io.hijackwatch.collector.EventParsers.discover());
        return pack.rules().stream()
                .map(rule -> DynamicTest.dynamicTest(
                        rule.id(),
                        () -> assertThat(runner.failures(rule))
                                .as("samples of %s", rule.id())
                                .isEmpty()))
                .toList();
    }
}
