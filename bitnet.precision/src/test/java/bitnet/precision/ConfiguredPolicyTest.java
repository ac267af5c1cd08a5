package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionRuleException;

class ConfiguredPolicyTest {
    private static ConfiguredPolicy.Config config(String name, String... rules) {
        return Configs.of(ConfiguredPolicy.Config.class, Map.of("bitnet_precision_policy", name == null ? "" : name,
                "description", "custom", "rules", rules));
    }

    @Test
    void rulesFromConfigurationResolve() {
        RulePolicy p = ConfiguredPolicy.policyOf(config("edge", "override name=lm_head -> F32",
                "default component=WEIGHTS -> INT4", "default -> F16"));
        assertEquals("edge", p.name());
        assertEquals("custom", p.description());
        assertEquals(Precision.F32, p.resolve(new LayerDescriptor("lm_head", LayerType.OUTPUT_HEAD, 30),
                ComponentType.WEIGHTS));
        assertEquals(Precision.INT4, p.resolve(new LayerDescriptor("x", LayerType.LINEAR, 0), ComponentType.WEIGHTS));
        assertEquals(Precision.F16, p.resolve(new LayerDescriptor("x", LayerType.LINEAR, 0), ComponentType.BIAS));
    }

    @Test
    void aBadRuleFailsActivationNamingTheRule() {
        PrecisionRuleException e = assertThrows(PrecisionRuleException.class,
                () -> ConfiguredPolicy.policyOf(config("bad", "default -> F16", "rule r memory>=2 -> INT8")));
        assertEquals("rule r memory>=2 -> INT8", e.rule());
        assertTrue(e.getMessage().contains("memory is a fraction"), e.getMessage());
        assertThrows(PrecisionRuleException.class, () -> ConfiguredPolicy.policyOf(config("", "default -> F16")));
        assertThrows(PrecisionRuleException.class, () -> ConfiguredPolicy.policyOf(config("none")));
    }
}
