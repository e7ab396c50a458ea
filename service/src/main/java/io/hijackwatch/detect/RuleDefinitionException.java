package io.hijackwatch.detect;

/** A rule file that cannot load; the message says which rule, where and why. */
public class RuleDefinitionException extends RuntimeException {

    RuleDefinitionException(String message) {
        super(message);
    }
}
