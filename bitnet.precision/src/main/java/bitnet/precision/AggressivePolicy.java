package bitnet.precision;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import bitnet.api.precision.PrecisionPolicy;

/**
 * {@code aggressive}: memory first. BitLinear as trained; embedding, output head, dense linear weights and the KV
 * cache INT8; embedding and output head INT4 when the measured relative RMSE of INT4 on their registered data is
 * at most 0.15; norms, scores, gradients and everything else BF16, except weights and biases under 4096 elements
 * (norm vectors), which cost next to nothing and stay F32.
 */
@Component(service = PrecisionPolicy.class, property = PrecisionPolicy.NAME_PROPERTY + "=aggressive")
public final class AggressivePolicy extends RulePolicy {
    static final List<String> LINES = List.of(
            "rule tiny-weights-exact priority=30 component=WEIGHTS|BIAS elements<4096 -> F32",
            "rule tables-int4-if-accurate priority=20 layer=EMBEDDING|OUTPUT_HEAD component=WEIGHTS error<=0.15 -> INT4",
            "default layer=BITLINEAR component=WEIGHTS -> TERNARY",
            "default layer=BITLINEAR component=ACTIVATIONS -> INT8",
            "default layer=EMBEDDING|OUTPUT_HEAD|LINEAR component=WEIGHTS -> INT8",
            "default component=KV_CACHE -> INT8",
            "default -> BF16");

    /** Creates the policy. */
    public AggressivePolicy() {
        super("aggressive", "memory first: large tables and KV cache INT8 (INT4 when measured accurate), rest BF16",
                LINES);
    }
}
