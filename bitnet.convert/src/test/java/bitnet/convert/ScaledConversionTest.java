package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.testsupport.QuantGolden;

class ScaledConversionTest {
    private static final ConversionOptions SCALED = ConversionOptions.of(ConversionStrategy.SCALED);

    @ParameterizedTest
    @ValueSource(strings = {"int8_sym_tensor_ties", "int8_symmetric_per_tensor_0_5x37",
        "int8_symmetric_per_tensor_0_3x2x33", "int8_symmetric_per_tensor_0_1x65"})
    void int8IsSymmetricPerTensor(String name) {
        // NumPy's scale = max|x| / 127 and q = clip(rint(x / scale), -127, 127) (quant_golden.txt).
        QuantGolden g = QuantGolden.named(name);
        try (Fixture f = new Fixture(); Tensor src = f.tensor(g.x(), g.shape());
                ConversionResult r = f.engine.convert(src, DType.I8, SCALED)) {
            assertArrayEquals(g.values(), r.tensor().toFloatArray(), "codes");
            assertArrayEquals(g.scales(), new float[] {r.scale()}, "scale");
        }
    }

    @Test
    void f16IsScaledOnlyWhenItWouldOverflow() {
        try (Fixture f = new Fixture()) {
            try (Tensor big = f.tensor(new float[] {1e6f, -2e5f, 3f}, 3);
                    ConversionResult r = f.engine.convert(big, DType.F16, SCALED);
                    Tensor small = f.tensor(new float[] {1000f, -2f}, 2);
                    ConversionResult s = f.engine.convert(small, DType.F16, SCALED)) {
                float scale = r.scale();
                assertEquals(1e6f / 65504f, scale, 1e-3);
                float[] back = r.tensor().toFloatArray();
                assertEquals(1e6f, back[0] * scale, 1e6f * 1e-3f);
                assertEquals(-2e5f, back[1] * scale, 2e5f * 1e-3f);
                assertTrue(Float.isFinite(back[0]));
                assertEquals(1f, s.scale());
                assertArrayEquals(new float[] {1000f, -2f}, s.tensor().toFloatArray());
            }
        }
    }

    @Test
    void ternaryAndInt32UseTheirWholeRange() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(new float[] {-4f, 1.9f, 2.1f, 0f}, 4);
                ConversionResult t = f.engine.convert(src, DType.TERNARY, SCALED);
                ConversionResult i = f.engine.convert(src, DType.I32, SCALED)) {
            assertArrayEquals(new float[] {-1, 0, 1, 0}, t.tensor().toFloatArray());
            assertEquals(4f, t.scale());
            assertEquals(-Integer.MAX_VALUE, (int) i.tensor().toFloatArray()[0], 200);
            assertEquals(-4f, i.tensor().getFloat(0) * i.scale(), 1e-5);
        }
    }

    @Test
    void allZerosGetAFiniteScale() {
        try (Fixture f = new Fixture(); Tensor src = f.factory.zeros(DType.F32, 5);
                ConversionResult r = f.engine.convert(src, DType.I8, SCALED)) {
            assertTrue(r.scale() > 0 && Float.isFinite(r.scale()));
            assertArrayEquals(new float[5], r.tensor().toFloatArray());
        }
    }

    @Test
    void infinitiesAreRefused() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(new float[] {1, Float.POSITIVE_INFINITY}, 2)) {
            assertThrows(ConversionException.class, () -> f.engine.convert(src, DType.F16, SCALED));
        }
    }
}
