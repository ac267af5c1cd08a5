package bitnet.api.precision;

/** A policy rule that does not parse or does not make sense. The message quotes the rule and says what is wrong. */
public class PrecisionRuleException extends PrecisionException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * @param rule the rule's text as given
     * @param problem what is wrong with it
     */
    public PrecisionRuleException(String rule, String problem) {
        super("bad precision rule '" + rule + "': " + problem);
        this.rule = rule;
    }

    /** @return the rule's text as given */
    public String rule() {
        return rule;
    }
}
