package io.hijackwatch.detect;

import java.util.List;

/**
 * The rules that loaded, and why the others did not.
 *
 * @param problems one line per rule file that did not load
 */
public record RuleSet(List<Rule> rules, List<String> problems) {}
