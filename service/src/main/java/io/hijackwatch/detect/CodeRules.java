package io.hijackwatch.detect;

import java.util.List;

/**
 * The rules that a detector in code reports under (see {@link Rule#inCode}), so that the rules API lists them and a
 * tenant can turn them off like any other.
 */
public interface CodeRules {

    List<Rule> rules();
}
