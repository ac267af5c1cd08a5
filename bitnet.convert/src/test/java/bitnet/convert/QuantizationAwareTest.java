package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.quant.ActivationQuantizer;
import bitnet.quant.TernaryQuantizer;
import bitnet.quant.TernaryWeights;

/** The quantization-aware strategy must give exactly what the {@code bitnet.quant} quantizers give. */
class QuantizationAwareTest {
    private static final ConversionOptions QA = ConversionOptions.of(ConversionStrategy.QUANTIZATION_AWARE);

    @Test
    void ternaryIsTheAbsmeanQuantizer() {
        try (Fixture f = new Fixture()) {
            float[] w = Fixture.values(11, 33 * 65, 0.2f);
            TernaryWeights expected = TernaryQuantizer.quantize(w, 33, 65);
            try (Tensor src = f.tensor(w, 33, 65); ConversionResult r = f.engine.convert(src, DType.TERNARY, QA)) {
                float[] got = r.tensor().toFloatArray();
                for (int i = 0; i < w.length; i++) {
                    assertEquals(expected.trits()[i], got[i], "trit " + i);
                }
                assertEquals(expected.gammas()[0], r.scale());
            }
        }
    }

    @Test
    void int8IsThePerTokenAbsmaxQuantizer() {
        try (Fixture f = new Fixture()) {
            int tokens = 9;
            int dim = 131;
            float[] x = Fixture.values(12, tokens * dim, 3f);
            for (int i = 0; i < dim; i++) {
                x[2 * dim + i] = 0f;
            }
            byte[] q = new byte[x.length];
            float[] s = new float[tokens];
            ActivationQuantizer.quantize(x, tokens, dim, q, s);
            try (Tensor src = f.tensor(x, 3, 3, dim); ConversionResult r = f.engine.convert(src, DType.I8, QA)) {
                float[] got = r.tensor().toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(q[i], got[i], "code " + i);
                }
                assertEquals(tokens, r.scales().length);
                for (int t = 0; t < tokens; t++) {
                    assertEquals(1f / s[t], r.scales()[t], "scale of token " + t);
                }
            }
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
