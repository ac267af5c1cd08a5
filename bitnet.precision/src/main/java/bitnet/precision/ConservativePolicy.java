package bitnet.precision;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import bitnet.api.precision.PrecisionPolicy;

/**
 * {@code conservative}: the BitNet b1.58 recipe and nothing more. BitLinear weights are ternary and their input
 * activations int8 because the model was trained that way (a wider format would not restore anything); every
 * other component stays F32, so the only error is the one the model was trained with.
 */
@Component(service = PrecisionPolicy.class, property = PrecisionPolicy.NAME_PROPERTY + "=conservative")
public final class ConservativePolicy extends RulePolicy {
    static final List<String> LINES = List.of(
            "default layer=BITLINEAR component=WEIGHTS -> TERNARY",
            "default layer=BITLINEAR component=ACTIVATIONS -> INT8",
            "default -> F32");

    /** Creates the policy. */
    public ConservativePolicy() {
        super("conservative", "BitNet b1.58 as trained (ternary weights, int8 activations); everything else F32",
                LINES);
    }
}
