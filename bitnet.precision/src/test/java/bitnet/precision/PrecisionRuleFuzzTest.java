package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.Decision;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.ResolutionContext;
import bitnet.testsupport.FuzzContract;

/**
 * Fuzzes the precision rule parser ({@link RuleParser}, through {@link RulePolicy}): the input is UTF-8 text, one
 * rule a line, and a policy it yields decides every component of a few layers of the 2B model, with and without
 * memory, size and error facts. The contract of {@link FuzzContract} (a PrecisionRuleException, a
 * BitNetException, or a policy), plus: every decision names a precision and a reason that is one of the policy's
 * lines or the F32 fallback. Seeds: the documented examples and the rules of the built-in policies; found inputs
 * are in {@code PrecisionRuleFuzzTestInputs/fuzz}.
 */
class PrecisionRuleFuzzTest {
    private static final List<LayerDescriptor> LAYERS = List.of(
            new LayerDescriptor("embed_tokens", LayerType.EMBEDDING, -1),
            new LayerDescriptor("layers.0.self_attn.q_proj", LayerType.BITLINEAR, 0),
            new LayerDescriptor("layers.29.mlp.down_proj", LayerType.BITLINEAR, 29),
            new LayerDescriptor("layers.3.input_layernorm", LayerType.NORMALIZATION, 3),
            new LayerDescriptor("layers.12.self_attn", LayerType.ATTENTION, 12),
            new LayerDescriptor("lm_head", LayerType.OUTPUT_HEAD, -1));
    private static final List<ResolutionContext> CONTEXTS = List.of(ResolutionContext.unknown(),
            new ResolutionContext(0.8, 1L << 22, p -> 0.01 * p.ordinal()));
    private static final long HEAP_PER_BYTE = 256;

    static Stream<byte[]> seeds() {
        Stream<String> documented = Stream.of("""
                override name=lm_head -> F32
                rule big-kv priority=5 component=KV_CACHE bytes>=64M -> INT8
                default component=WEIGHTS -> INT4
                default -> F16""", """
                # comment
                override index=0..2 -> F32
                override index=3 component=ACTIVATIONS -> F16
                rule low priority=-1 layer=BITLINEAR|LINEAR memory>0.5 elements<=1_000_000 error<0.02 -> INT8
                rule r name=layers.*.mlp.* -> TERNARY""");
        Stream<String> builtIn = Stream.of(new ConservativePolicy(), new BalancedPolicy(), new AggressivePolicy())
                .map(p -> String.join("\n", p.rules()));
        return Stream.concat(documented, builtIn).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) {
        decides(bytes);
    }

    /** The seeds are valid policies: the fuzzer starts from rules that reach the engine. */
    @Test
    void seedsParse() {
        for (byte[] seed : seeds().toList()) {
            assertTrue(decides(seed), "a seed does not parse");
        }
    }

    /** @return whether the lines made a policy */
    private static boolean decides(byte[] bytes) {
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        return FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> {
            RulePolicy policy = new RulePolicy("fuzz", "", lines);
            for (LayerDescriptor layer : LAYERS) {
                for (ComponentType component : ComponentType.values()) {
                    for (ResolutionContext context : CONTEXTS) {
                        Decision d = policy.decide(layer, component, context);
                        assertNotNull(d.precision(), "precision");
                        assertTrue(policy.rules().contains(d.reason()) || d.reason().equals("no line matched: F32"),
                                () -> "reason '" + d.reason() + "' is no line of the policy");
                    }
                }
            }
        });
    }
}
