package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.testsupport.QuantGolden;

/**
 * The quantization-aware strategy gives the BitNet formulas' results: NumPy's absmean ternary and per-token int8
 * (quant_golden.txt, written by bitnet.quant/src/test/python/gen_quant_golden.py), bit for bit.
 */
class QuantizationAwareTest {
    private static final ConversionOptions QA = ConversionOptions.of(ConversionStrategy.QUANTIZATION_AWARE);

    @ParameterizedTest
    @ValueSource(strings = {"ternary_tensor_ties", "ternary_absmean_per_tensor_0_5x37",
        "ternary_absmean_per_tensor_0_3x2x33", "ternary_absmean_per_tensor_0_1x65", "ternary_absmean_per_tensor_0_1"})
    void ternaryIsAbsmeanPerTensor(String name) {
        QuantGolden g = QuantGolden.named(name);
        try (Fixture f = new Fixture(); Tensor src = f.tensor(g.x(), g.shape());
                ConversionResult r = f.engine.convert(src, DType.TERNARY, QA)) {
            assertArrayEquals(g.values(), r.tensor().toFloatArray(), "trits");
            assertArrayEquals(g.scales(), new float[] {r.scale()}, "gamma = mean|w|");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8_token_ties", "int8_absmax_per_channel_0_5x37", "int8_absmax_per_channel_0_3x2x33",
        "int8_absmax_per_channel_0_1x65", "int8_absmax_per_channel_0_1"})
    void int8IsPerTokenAbsmax(String name) {
        QuantGolden g = QuantGolden.named(name);
        try (Fixture f = new Fixture(); Tensor src = f.tensor(g.x(), g.shape());
                ConversionResult r = f.engine.convert(src, DType.I8, QA)) {
            assertArrayEquals(g.values(), r.tensor().toFloatArray(), "codes");
            // The result reports dequantization multipliers: 1 / s for the quantization scale s of each token.
            float[] multipliers = new float[g.scales().length];
            for (int t = 0; t < multipliers.length; t++) {
                multipliers[t] = 1f / g.scales()[t];
            }
            assertArrayEquals(multipliers, r.scales());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64", "F16", "BF16", "I32"})
    void otherTargetsAreRefusedNamingThePair(DType target) {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(new float[] {1, 2}, 2)) {
            assertTrue(!f.engine.supports(DType.F32, target, ConversionStrategy.QUANTIZATION_AWARE));
            ConversionException e = assertThrows(ConversionException.class, () -> f.engine.convert(src, target, QA));
            assertEquals(DType.F32, e.source());
            assertEquals(target, e.target());
            assertEquals(ConversionStrategy.QUANTIZATION_AWARE, e.strategy());
            assertTrue(e.getMessage().contains("F32 -> " + target + " (QUANTIZATION_AWARE)"), e.getMessage());
            assertEquals(1, f.engine.stats().failures());
        }
    }

    @Test
    void nonFiniteInputIsRefusedWithItsIndex() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(new float[] {1, 2, Float.NaN, 4}, 4)) {
            ConversionException e = assertThrows(ConversionException.class,
                    () -> f.engine.convert(src, DType.I8, QA));
            assertTrue(e.getMessage().contains("element 2"), e.getMessage());
        }
    }

    @Test
    void int8OfARankOneTensorIsOneToken() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(new float[] {0.5f, -1f, 0.25f}, 3);
                ConversionResult r = f.engine.convert(src, DType.I8, QA)) {
            assertArrayEquals(new float[] {64, -127, 32}, r.tensor().toFloatArray());
            assertEquals(1f / 127f, r.scale(), 1e-9);
        }
    }
}
