package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionPolicy;
import bitnet.api.precision.ResolutionContext;

/** The documented table of each shipped policy, cell by cell for the cells that differ from the fallback line. */
class BuiltInPoliciesTest {
    private static final ResolutionContext BIG = new ResolutionContext(0.1, 1_000_000, p -> Double.NaN);

    private static Precision at(PrecisionPolicy p, LayerType type, ComponentType c) {
        return p.decide(new LayerDescriptor("l", type, 0), c, BIG).precision();
    }

    private static void assertTable(PrecisionPolicy p, Precision otherwise, Map<String, Precision> cells) {
        for (LayerType t : LayerType.values()) {
            for (ComponentType c : ComponentType.values()) {
                // A layer-wide cell comes first: the shipped policies list their layer lines before component lines.
                Precision expected = cells.getOrDefault(t + "/" + c, cells.getOrDefault(t + "/*",
                        cells.getOrDefault("*/" + c, otherwise)));
                assertEquals(expected, at(p, t, c), p.name() + " " + t + "/" + c);
            }
        }
    }

    @Test
    void conservativeKeepsTheTrainedRecipeAndF32Elsewhere() {
        assertTable(new ConservativePolicy(), Precision.F32, Map.of(
                "BITLINEAR/WEIGHTS", Precision.TERNARY, "BITLINEAR/ACTIVATIONS", Precision.INT8));
    }

    @Test
    void balancedTable() {
        BalancedPolicy p = new BalancedPolicy();
        assertTable(p, Precision.BF16, Map.of(
                "BITLINEAR/WEIGHTS", Precision.TERNARY, "BITLINEAR/ACTIVATIONS", Precision.INT8,
                "NORMALIZATION/*", Precision.F32, "EMBEDDING/WEIGHTS", Precision.BF16,
                "OUTPUT_HEAD/WEIGHTS", Precision.BF16, "*/ATTENTION_SCORES", Precision.F32,
                "*/KV_CACHE", Precision.F16));
        LayerDescriptor attn = new LayerDescriptor("a", LayerType.ATTENTION, 0);
        assertEquals(Precision.INT8, p.decide(attn, ComponentType.KV_CACHE,
                new ResolutionContext(0.95, 10, q -> Double.NaN)).precision());
    }

    @Test
    void aggressiveTable() {
        AggressivePolicy p = new AggressivePolicy();
        assertTable(p, Precision.BF16, Map.of(
                "BITLINEAR/WEIGHTS", Precision.TERNARY, "BITLINEAR/ACTIVATIONS", Precision.INT8,
                "EMBEDDING/WEIGHTS", Precision.INT8, "OUTPUT_HEAD/WEIGHTS", Precision.INT8,
                "LINEAR/WEIGHTS", Precision.INT8, "*/KV_CACHE", Precision.INT8));
        LayerDescriptor emb = new LayerDescriptor("e", LayerType.EMBEDDING, -1);
        assertEquals(Precision.INT4, p.decide(emb, ComponentType.WEIGHTS,
                new ResolutionContext(0, 1_000_000, q -> 0.1)).precision());
        assertEquals(Precision.F32, p.decide(emb, ComponentType.WEIGHTS,
                new ResolutionContext(0, 2560, q -> 0.1)).precision());
        LayerDescriptor q = new LayerDescriptor("q", LayerType.BITLINEAR, 0);
        assertEquals(Precision.INT8, p.decide(q, ComponentType.ACTIVATIONS,
                new ResolutionContext(0, 2560, x -> 0.1)).precision(), "small activations keep the trained int8");
    }
}
