package io.hijackwatch.detect;

import java.util.List;

/**
 * One of a rule's own tests: records in the provider's format, fed through the real parser and engine.
 *
 * @param given records fed first, to build state; their findings do not count
 * @param events the records whose findings are checked
 * @param expectAlert whether at least one finding is expected
 * @param count the exact number of findings expected, or {@code null} for "at least one" / "none"
 */
public record RuleSample(String name, List<String> given, List<String> events, boolean expectAlert, Integer count) {}
