package io.hijackwatch.detect;

import io.hijackwatch.collector.NormalizedEvent;
import java.util.List;
import java.util.Set;

/** A test of a whole event, built from a rule's {@code when}, {@code unless} or a sequence step. */
sealed interface Condition {

    boolean test(NormalizedEvent event);

    /** Every field the condition reads, for a finding's evidence. */
    void collectFields(Set<String> into);

    Condition ALWAYS = new All(List.of());

    /** All of the parts hold; none for a condition that always holds. */
    record All(List<Condition> parts) implements Condition {
        @Override
        public boolean test(NormalizedEvent event) {
            for (Condition part : parts) {
                if (!part.test(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void collectFields(Set<String> into) {
            parts.forEach(part -> part.collectFields(into));
        }
    }

    /** At least one of the parts holds. */
    record Any(List<Condition> parts) implements Condition {
        @Override
        public boolean test(NormalizedEvent event) {
            for (Condition part : parts) {
                if (part.test(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void collectFields(Set<String> into) {
            parts.forEach(part -> part.collectFields(into));
        }
    }

    /** The part does not hold. */
    record Not(Condition part) implements Condition {
        @Override
        public boolean test(NormalizedEvent event) {
            return !part.test(event);
        }

        @Override
        public void collectFields(Set<String> into) {
            part.collectFields(into);
        }
    }

    /**
     * A test of one field. With {@code requirePresent}, a field holding several values passes when any of them
     * matches; without it, the test is whether the field is absent.
     *
     * @param literals the values the field must equal, when the test is a plain equality (used to index rules)
     */
    record FieldTest(Field field, ValueMatcher matcher, Presence presence, List<String> literals) implements Condition {

        enum Presence {
            /** The field must be present and a value must match. */
            PRESENT_AND_MATCHING,
            /** The field must be present; its value does not matter. */
            PRESENT,
            /** The field must be absent. */
            ABSENT
        }

        @Override
        public boolean test(NormalizedEvent event) {
            Object value = field.read(event);
            return switch (presence) {
                case ABSENT -> value == null;
                case PRESENT -> value != null;
                case PRESENT_AND_MATCHING -> value != null && anyMatches(value);
            };
        }

        private boolean anyMatches(Object value) {
            if (value instanceof List<?> values) {
                for (Object each : values) {
                    if (matcher.matches(each)) {
                        return true;
                    }
                }
                return false;
            }
            return matcher.matches(value);
        }

        @Override
        public void collectFields(Set<String> into) {
            into.add(field.name());
        }
    }
}
