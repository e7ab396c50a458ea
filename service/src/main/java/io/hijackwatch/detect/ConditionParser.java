package io.hijackwatch.detect;

import io.hijackwatch.detect.Condition.FieldTest.Presence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the condition language of rule files (see docs/rules.md): a map of field tests and the combinators {@code
 * all}, {@code any} and {@code not}.
 */
final class ConditionParser {

    private static final Set<String> OPERATORS = Set.of(
            "equals", "in", "prefix", "suffix", "contains", "regex", "exists", "gt", "gte", "lt", "lte", "ignoreCase");

    private final boolean ignoreCaseByDefault;

    /** @param ignoreCaseByDefault whether text compares without regard to case unless a test says otherwise */
    ConditionParser(boolean ignoreCaseByDefault) {
        this.ignoreCaseByDefault = ignoreCaseByDefault;
    }

    Condition parse(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Condition.ALWAYS;
        }
        if (!node.isObject()) {
            throw new RuleDefinitionException(where + " must be a map of conditions");
        }
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            parts.add(parseEntry(entry.getKey(), entry.getValue(), where));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(List.copyOf(parts));
    }

    private Condition parseEntry(String key, JsonNode value, String where) {
        return switch (key) {
            case "all" -> new Condition.All(parseList(value, where + ".all"));
            case "any" -> new Condition.Any(parseList(value, where + ".any"));
            case "not" -> new Condition.Not(parse(value, where + ".not"));
            default -> parseField(key, value, where + "." + key);
        };
    }

    private List<Condition> parseList(JsonNode value, String where) {
        if (!value.isArray() || value.isEmpty()) {
            throw new RuleDefinitionException(where + " must be a non-empty list of conditions");
        }
        List<Condition> parts = new ArrayList<>();
        int index = 0;
        for (JsonNode item : value.values()) {
            parts.add(parse(item, where + "[" + index++ + "]"));
        }
        return List.copyOf(parts);
    }

    private Condition parseField(String name, JsonNode value, String where) {
        Field field = Field.of(name);
        if (value.isObject()) {
            return parseOperators(field, value, where);
        }
        List<String> literals = scalars(value, where);
        ValueMatcher matcher = ValueMatcher.equalsAny(literals, ignoreCaseByDefault);
        return new Condition.FieldTest(field, matcher, Presence.PRESENT_AND_MATCHING, literals);
    }

    private Condition parseOperators(Field field, JsonNode operators, String where) {
        for (String operator : operators.propertyNames()) {
            if (!OPERATORS.contains(operator)) {
                throw new RuleDefinitionException(where + ": unknown operator '" + operator + "'");
            }
        }
        boolean ignoreCase =
                operators.has("ignoreCase") ? operators.get("ignoreCase").asBoolean() : ignoreCaseByDefault;
        List<Condition> tests = new ArrayList<>();
        List<String> literals = null;
        for (Map.Entry<String, JsonNode> operator : operators.properties()) {
            String name = operator.getKey();
            JsonNode operand = operator.getValue();
            String at = where + "." + name;
            if (name.equals("ignoreCase")) {
                continue;
            }
            if (name.equals("exists")) {
                tests.add(new Condition.FieldTest(
                        field, value -> true, operand.asBoolean() ? Presence.PRESENT : Presence.ABSENT, null));
                continue;
            }
            if (name.equals("equals") || name.equals("in")) {
                literals = scalars(operand, at);
            }
            tests.add(new Condition.FieldTest(
                    field, matcher(name, operand, ignoreCase, at), Presence.PRESENT_AND_MATCHING, literals));
        }
        if (tests.isEmpty()) {
            throw new RuleDefinitionException(where + " has no test");
        }
        return tests.size() == 1 ? tests.get(0) : new Condition.All(List.copyOf(tests));
    }

    private static ValueMatcher matcher(String operator, JsonNode operand, boolean ignoreCase, String where) {
        return switch (operator) {
            case "equals", "in" -> ValueMatcher.equalsAny(scalars(operand, where), ignoreCase);
            case "prefix" -> ValueMatcher.prefix(scalars(operand, where), ignoreCase);
            case "suffix" -> ValueMatcher.suffix(scalars(operand, where), ignoreCase);
            case "contains" -> ValueMatcher.contains(scalars(operand, where), ignoreCase);
            case "regex" -> regex(operand, ignoreCase, where);
            case "gt" -> ValueMatcher.compare(number(operand, where), c -> c > 0);
            case "gte" -> ValueMatcher.compare(number(operand, where), c -> c >= 0);
            case "lt" -> ValueMatcher.compare(number(operand, where), c -> c < 0);
            case "lte" -> ValueMatcher.compare(number(operand, where), c -> c <= 0);
            default -> throw new RuleDefinitionException(where + ": unknown operator");
        };
    }

    private static ValueMatcher regex(JsonNode operand, boolean ignoreCase, String where) {
        if (!operand.isString()) {
            throw new RuleDefinitionException(where + " must be a regular expression");
        }
        try {
            return ValueMatcher.regex(operand.asString(), ignoreCase);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new RuleDefinitionException(where + " is not a valid regular expression: " + e.getDescription());
        }
    }

    private static BigDecimal number(JsonNode operand, String where) {
        BigDecimal number = operand.isNumber() ? operand.decimalValue() : ValueMatcher.number(operand.asString());
        if (number == null) {
            throw new RuleDefinitionException(where + " must be a number");
        }
        return number;
    }

    /** A scalar or a list of scalars, as text. */
    static List<String> scalars(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node.values()) {
                values.add(scalar(item, where));
            }
        } else {
            values.add(scalar(node, where));
        }
        if (values.isEmpty()) {
            throw new RuleDefinitionException(where + " must name at least one value");
        }
        return List.copyOf(values);
    }

    private static String scalar(JsonNode node, String where) {
        if (node.isContainer() || node.isNull()) {
            throw new RuleDefinitionException(where + " must be a value or a list of values");
        }
        return node.asString();
    }
}
