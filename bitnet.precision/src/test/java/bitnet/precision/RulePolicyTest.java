package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.Decision;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionRuleException;
import bitnet.api.precision.ResolutionContext;

class RulePolicyTest {
    private static final LayerDescriptor UP = new LayerDescriptor("layers.3.mlp.up_proj", LayerType.BITLINEAR, 3);
    private static final LayerDescriptor EMB = new LayerDescriptor("embed_tokens", LayerType.EMBEDDING, -1);

    private static RulePolicy policy(String... lines) {
        return new RulePolicy("p", "test", List.of(lines));
    }

    private static ResolutionContext ctx(double memory, long elements, double error) {
        return new ResolutionContext(memory, elements, p -> error);
    }

    @Test
    void overridesComeFirstThenRulesByPriorityThenDefaults() {
        RulePolicy p = policy(
                "default -> BF16",
                "rule low priority=1 layer=BITLINEAR -> INT8",
                "rule high priority=5 layer=BITLINEAR component=WEIGHTS -> TERNARY",
                "override name=layers.3.* component=WEIGHTS -> F16");
        assertEquals(Precision.F16, p.resolve(UP, ComponentType.WEIGHTS));
        assertEquals(Precision.INT8, p.resolve(UP, ComponentType.ACTIVATIONS));
        assertEquals(Precision.BF16, p.resolve(EMB, ComponentType.WEIGHTS));
        assertEquals(Precision.TERNARY,
                p.resolve(new LayerDescriptor("layers.4.mlp.up_proj", LayerType.BITLINEAR, 4), ComponentType.WEIGHTS));
        assertEquals(List.of("override name=layers.3.* component=WEIGHTS -> F16",
                "rule high priority=5 layer=BITLINEAR component=WEIGHTS -> TERNARY",
                "rule low priority=1 layer=BITLINEAR -> INT8", "default -> BF16"), p.rules());
    }

    @Test
    void equalPrioritiesKeepTheGivenOrderAndNothingMatchingIsF32() {
        RulePolicy p = policy("rule a component=BIAS -> INT8", "rule b component=BIAS -> INT4",
                "default layer=EMBEDDING -> BF16");
        Decision d = p.decide(UP, ComponentType.BIAS, ResolutionContext.unknown());
        assertEquals(Precision.INT8, d.precision());
        assertEquals("rule a component=BIAS -> INT8", d.reason());
        assertEquals(new Decision(Precision.F32, "no line matched: F32"),
                p.decide(UP, ComponentType.WEIGHTS, ResolutionContext.unknown()));
    }

    @Test
    void perIndexOverride() {
        RulePolicy p = policy("override index=0..2 -> F32", "override index=3 component=ACTIVATIONS -> F16",
                "default -> INT8");
        assertEquals(Precision.F32, p.resolve(new LayerDescriptor("x", LayerType.LINEAR, 2), ComponentType.WEIGHTS));
        assertEquals(Precision.F16, p.resolve(UP, ComponentType.ACTIVATIONS));
        assertEquals(Precision.INT8, p.resolve(UP, ComponentType.WEIGHTS));
    }

    @Test
    void memoryRuleFiresOnlyWhenUseIsKnownAndHighEnough() {
        RulePolicy p = policy("rule m memory>=0.8 component=KV_CACHE -> INT8", "default -> F16");
        LayerDescriptor attn = new LayerDescriptor("a", LayerType.ATTENTION, 0);
        assertEquals(Precision.INT8, p.decide(attn, ComponentType.KV_CACHE, ctx(0.8, 10, 0)).precision());
        assertEquals(Precision.F16, p.decide(attn, ComponentType.KV_CACHE, ctx(0.79, 10, 0)).precision());
        assertEquals(Precision.F16, p.decide(attn, ComponentType.KV_CACHE, ctx(Double.NaN, 10, 0)).precision());
    }

    @Test
    void layerTypeAndComponentRules() {
        RulePolicy p = policy("rule t layer=EMBEDDING|OUTPUT_HEAD -> INT8", "rule c component=GRADIENTS -> BF16",
                "default -> F32");
        assertEquals(Precision.INT8, p.resolve(EMB, ComponentType.ACTIVATIONS));
        assertEquals(Precision.BF16, p.resolve(UP, ComponentType.GRADIENTS));
        assertEquals(Precision.F32, p.resolve(UP, ComponentType.WEIGHTS));
    }

    @Test
    void sizeRulesInElementsAndBytes() {
        RulePolicy p = policy("rule small elements<4096 -> F32", "rule big bytes>=1M -> INT4", "default -> BF16");
        assertEquals(Precision.F32, p.decide(UP, ComponentType.WEIGHTS, ctx(0, 4095, 0)).precision());
        assertEquals(Precision.BF16, p.decide(UP, ComponentType.WEIGHTS, ctx(0, 4096, 0)).precision());
        // 262144 elements are 1 MiB at F32.
        assertEquals(Precision.INT4, p.decide(UP, ComponentType.WEIGHTS, ctx(0, 262_144, 0)).precision());
        assertEquals(Precision.BF16, p.decide(UP, ComponentType.WEIGHTS, ctx(0, 262_143, 0)).precision());
        assertEquals(Precision.BF16, p.decide(UP, ComponentType.WEIGHTS, ResolutionContext.unknown()).precision());
    }

    @Test
    void errorRuleAsksForTheErrorOfItsOwnPrecision() {
        RulePolicy p = policy("rule e error<=0.1 -> INT4", "default -> INT8");
        ResolutionContext ctx = new ResolutionContext(0, 100, q -> q == Precision.INT4 ? 0.05 : 1.0);
        assertEquals(Precision.INT4, p.decide(UP, ComponentType.WEIGHTS, ctx).precision());
        ResolutionContext worse = new ResolutionContext(0, 100, q -> q == Precision.INT4 ? 0.2 : 0.0);
        assertEquals(Precision.INT8, p.decide(UP, ComponentType.WEIGHTS, worse).precision());
        assertEquals(Precision.INT8, p.decide(UP, ComponentType.WEIGHTS, ResolutionContext.unknown()).precision());
    }

    @Test
    void aPolicyNeedsANameAndALine() {
        assertThrows(PrecisionRuleException.class, () -> new RulePolicy("has space", "", List.of("default -> F32")));
        assertThrows(PrecisionRuleException.class, () -> new RulePolicy("empty", "", List.of("# only a comment")));
    }
}
