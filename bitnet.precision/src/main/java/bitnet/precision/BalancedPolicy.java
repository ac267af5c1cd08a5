package bitnet.precision;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import bitnet.api.precision.PrecisionPolicy;

/**
 * {@code balanced}: BitLinear as trained (ternary weights, int8 activations); norms F32 (tiny, and their variance
 * computation is the most rounding-sensitive step); embedding and output head BF16 (the largest tables; BF16 keeps
 * F32's exponent range); attention scores F32 (softmax amplifies rounding); KV cache F16 (values bounded after
 * the projections, so F16's extra mantissa bits beat BF16's range); everything else BF16. Under memory pressure
 * (pool use at least 90 %) the KV cache goes to INT8.
 */
@Component(service = PrecisionPolicy.class, property = PrecisionPolicy.NAME_PROPERTY + "=balanced")
public final class BalancedPolicy extends RulePolicy {
    static final List<String> LINES = List.of(
            "rule kv-under-pressure priority=10 component=KV_CACHE memory>=0.9 -> INT8",
            "default layer=BITLINEAR component=WEIGHTS -> TERNARY",
            "default layer=BITLINEAR component=ACTIVATIONS -> INT8",
            "default layer=NORMALIZATION -> F32",
            "default layer=EMBEDDING|OUTPUT_HEAD component=WEIGHTS -> BF16",
            "default component=ATTENTION_SCORES -> F32",
            "default component=KV_CACHE -> F16",
            "default -> BF16");

    /** Creates the policy. */
    public BalancedPolicy() {
        super("balanced", "BitLinear as trained; large tables and activations 16-bit; norms and scores F32",
                LINES);
    }
}
