package bitnet.precision;

import bitnet.api.precision.Precision;

/**
 * One parsed line of a policy.
 *
 * @param kind override, rule or default
 * @param name the rule's name; the text itself for overrides and defaults
 * @param priority higher first, among rules
 * @param condition what must hold
 * @param precision what it sets
 * @param text the line as given
 */
record Rule(Kind kind, String name, int priority, Condition condition, Precision precision, String text) {

    /** The three kinds of line, in evaluation order. */
    enum Kind {
        OVERRIDE, RULE, DEFAULT
    }
}
