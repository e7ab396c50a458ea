package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import io.hijackwatch.collector.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the rules that can match an event by its provider, service and action, so that the cost per event does not
 * grow with the number of rules. A rule is filed under the literal services and actions its {@code when} (or its
 * sequence steps) require; a rule that names no action is tried on every event of its provider.
 */
final class RuleIndex {

    private static final String ANY = "\u0000any";
    private static final int MAX_CACHED_COMBINATIONS = 20_000;

    private final Map<String, List<Rule>> filed = new HashMap<>();
    private final List<Map<String, Map<String, List<Rule>>>> combined = new ArrayList<>();
    private final AtomicInteger cached = new AtomicInteger();

    RuleIndex(List<Rule> rules) {
        for (int i = 0; i < Provider.values().length; i++) {
            combined.add(new ConcurrentHashMap<>());
        }
        for (Rule rule : rules) {
            for (String slot : slots(rule)) {
                filed.computeIfAbsent(slot, key -> new ArrayList<>()).add(rule);
            }
        }
    }

    /**
     * The rules to try on the event. The answer is cached per provider, service and action as the event spells them,
     * so the common case costs two map lookups and allocates nothing.
     */
    List<Rule> candidates(NormalizedEvent event) {
        Map<String, Map<String, List<Rule>>> byService =
                combined.get(event.provider().ordinal());
        Map<String, List<Rule>> byAction = byService.get(event.service());
        List<Rule> rules = byAction == null ? null : byAction.get(event.action());
        if (rules == null) {
            rules = combine(event.provider().id(), event.service(), event.action());
            if (cached.incrementAndGet() <= MAX_CACHED_COMBINATIONS) {
                byService
                        .computeIfAbsent(event.service(), service -> new ConcurrentHashMap<>())
                        .put(event.action(), rules);
            }
        }
        return rules;
    }

    private List<Rule> combine(String provider, String service, String action) {
        Set<Rule> rules = new LinkedHashSet<>();
        rules.addAll(filed.getOrDefault(slot(provider, service, action), List.of()));
        rules.addAll(filed.getOrDefault(slot(provider, ANY, action), List.of()));
        rules.addAll(filed.getOrDefault(slot(provider, service, ANY), List.of()));
        rules.addAll(filed.getOrDefault(slot(provider, ANY, ANY), List.of()));
        return List.copyOf(rules);
    }

    private static Set<String> slots(Rule rule) {
        List<Condition> gates = new ArrayList<>();
        if (rule.mode() instanceof Mode.Sequence sequence) {
            for (Mode.Sequence.Step step : sequence.steps()) {
                gates.add(new Condition.All(List.of(rule.when(), step.condition())));
            }
        } else {
            gates.add(rule.when());
        }
        Set<String> slots = new LinkedHashSet<>();
        for (Condition gate : gates) {
            List<String> services = literals(gate, "service");
            List<String> actions = literals(gate, "action");
            for (String service : services == null ? List.of(ANY) : services) {
                for (String action : actions == null ? List.of(ANY) : actions) {
                    slots.add(slot(rule.provider(), service, action));
                }
            }
        }
        return slots;
    }

    /** The values a condition requires of a field at its top level, or {@code null} when it requires none. */
    private static List<String> literals(Condition condition, String field) {
        if (condition instanceof Condition.FieldTest test
                && test.field().name().equals(field)
                && test.literals() != null
                && test.presence() == Condition.FieldTest.Presence.PRESENT_AND_MATCHING) {
            return test.literals();
        }
        if (condition instanceof Condition.All all) {
            for (Condition part : all.parts()) {
                List<String> found = literals(part, field);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Slots ignore case, so that a rule written for a case-insensitive source finds its events whatever case they
     * arrive in; the rule's own condition still compares as the rule says.
     */
    private static String slot(String provider, String service, String action) {
        return provider + '\u001f' + fold(service) + '\u001f' + fold(action);
    }

    private static String fold(String name) {
        return name == null || name.equals(ANY) ? name : name.toLowerCase(Locale.ROOT);
    }
}
