package bitnet.precision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.Decision;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionPolicy;
import bitnet.api.precision.PrecisionRuleException;
import bitnet.api.precision.ResolutionContext;
import bitnet.precision.Rule.Kind;

/**
 * A policy made of rule lines. Evaluation order: overrides in the order given, then rules by descending priority
 * (ties in the order given), then defaults in the order given; the first that matches decides. When nothing
 * matches the precision is {@link Precision#F32}, which loses nothing.
 */
class RulePolicy implements PrecisionPolicy {
    private final String name;
    private final String description;
    private final List<Rule> ordered;
    private final List<String> lines;

    /**
     * @param name the policy's name
     * @param description one line on what it is for
     * @param lines rule lines
     * @throws PrecisionRuleException if a line is bad, there is none, or the name is blank
     */
    RulePolicy(String name, String description, List<String> lines) {
        if (name == null || name.isBlank() || !name.strip().equals(name) || name.contains(" ")) {
            throw new PrecisionRuleException(String.valueOf(name), "a policy needs a name without spaces");
        }
        List<Rule> rules = RuleParser.parseAll(lines);
        if (rules.isEmpty()) {
            throw new PrecisionRuleException("", "policy " + name + " has no rules; give at least one line");
        }
        this.name = name;
        this.description = Objects.requireNonNullElse(description, "");
        List<Rule> sorted = new ArrayList<>(rules);
        // A stable sort keeps the given order among equals, which is the documented tie-break.
        sorted.sort(Comparator.comparing(Rule::kind)
                .thenComparingInt(r -> r.kind() == Kind.RULE ? -r.priority() : 0));
        this.ordered = List.copyOf(sorted);
        this.lines = ordered.stream().map(Rule::text).toList();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> rules() {
        return lines;
    }

    @Override
    public Precision resolve(LayerDescriptor layer, ComponentType component) {
        return decide(layer, component, ResolutionContext.unknown()).precision();
    }

    @Override
    public Decision decide(LayerDescriptor layer, ComponentType component, ResolutionContext context) {
        for (Rule r : ordered) {
            if (r.condition().matches(layer, component, context, r.precision())) {
                return new Decision(r.precision(), r.text());
            }
        }
        return new Decision(Precision.F32, "no line matched: F32");
    }

    @Override
    public String toString() {
        return "policy " + name;
    }
}
