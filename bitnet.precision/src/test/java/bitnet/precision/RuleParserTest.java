package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionRuleException;
import bitnet.precision.Rule.Kind;

class RuleParserTest {

    @Test
    void parsesEveryKindAndCondition() {
        Rule o = RuleParser.parse("override name=layers.1.* index=1..3 layer=bitlinear|LINEAR component=WEIGHTS -> f16");
        assertEquals(Kind.OVERRIDE, o.kind());
        assertEquals(Precision.F16, o.precision());
        assertEquals(Set.of(LayerType.BITLINEAR, LayerType.LINEAR), o.condition().layerTypes());
        assertEquals(Set.of(ComponentType.WEIGHTS), o.condition().components());
        assertEquals(1, o.condition().minIndex());
        assertEquals(3, o.condition().maxIndex());
        assertTrue(o.condition().name().matcher("layers.1.mlp").matches());
        assertFalse(o.condition().name().matcher("layers.10").matches());

        Rule r = RuleParser.parse("rule big priority=7 memory>=0.5 memory<0.9 elements>100 bytes<=1M error<=0.1 -> INT4");
        assertEquals(Kind.RULE, r.kind());
        assertEquals("big", r.name());
        assertEquals(7, r.priority());
        assertTrue(r.condition().memory().contains(0.5));
        assertFalse(r.condition().memory().contains(0.9));
        assertFalse(r.condition().elements().contains(100));
        assertTrue(r.condition().elements().contains(101));
        assertTrue(r.condition().bytes().contains(1 << 20));
        assertFalse(r.condition().bytes().contains((1 << 20) + 1));
        assertTrue(r.condition().error().contains(0.1));

        Rule d = RuleParser.parse("default -> BF16");
        assertEquals(Kind.DEFAULT, d.kind());
        assertEquals(Condition.any(), d.condition());
    }

    @Test
    void badLinesNameTheLineAndTheProblem() {
        assertBad("rule x -> INT3", "'INT3' is not a precision");
        assertBad("default layer=ATTENTION", "no '-> PRECISION'");
        assertBad("always -> F32", "starts with 'always'");
        assertBad("rule -> F32", "needs a name");
        assertBad("rule r colour=red -> F32", "unknown condition 'colour'");
        assertBad("default memory>=0.5 -> F32", "'memory' is not allowed in default lines");
        assertBad("override elements>=5 -> F32", "'elements' is not allowed in override lines");
        assertBad("rule r layer=CONVOLUTION -> F32", "'CONVOLUTION' is not a LayerType");
        assertBad("rule r memory>=1.5 -> F32", "memory is a fraction");
        assertBad("rule r memory=0.5 -> F32", "takes >=, >, <= or <");
        assertBad("rule r index=5..2 -> F32", "is empty");
        assertBad("rule r index=a -> F32", "index takes N or FROM..TO");
        assertBad("rule r layer=EMBEDDING layer=LINEAR -> F32", "appears twice");
        assertBad("rule r error<=x -> F32", "error takes a finite number");
        assertBad("rule r bytes>=-1 -> F32", "must not be negative");
    }

    @Test
    void twoRulesWithOneNameAreRejected() {
        PrecisionRuleException e = assertThrows(PrecisionRuleException.class,
                () -> RuleParser.parseAll(List.of("rule a -> F32", "# comment", "", "rule a -> F16")));
        assertEquals("rule a -> F16", e.rule());
    }

    private static void assertBad(String line, String problem) {
        PrecisionRuleException e = assertThrows(PrecisionRuleException.class, () -> RuleParser.parse(line));
        assertTrue(e.getMessage().contains(line), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
