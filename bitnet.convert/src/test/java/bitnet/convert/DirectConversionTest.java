package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.testsupport.QuantGolden;

class DirectConversionTest {
    private static final ConversionOptions DIRECT = ConversionOptions.of(ConversionStrategy.DIRECT);

    @ParameterizedTest
    @ValueSource(strings = {"fp16_ties", "fp16_per_tensor_0_5x37", "fp16_per_tensor_0_3x2x33", "bf16_ties",
        "bf16_per_tensor_0_5x37", "bf16_per_tensor_0_3x2x33"})
    void halfPrecisionTargetsRoundToNearestEven(String name) {
        // NumPy's float16 cast and a nearest-by-distance bfloat16 (quant_golden.txt): ties to even, overflow to
        // infinity, subnormal ties to zero; compared bit for bit, so -0.0 stays -0.0.
        QuantGolden g = QuantGolden.named(name);
        DType target = g.spec().valueType();
        try (Fixture f = new Fixture(); Tensor src = f.tensor(g.x(), g.shape());
                ConversionResult r = f.engine.convert(src, target, DIRECT)) {
            assertEquals(target, r.tensor().dtype());
            assertArrayEquals(g.values(), r.tensor().toFloatArray());
        }
    }

    @Test
    void halfPrecisionTargetsKeepNanAndInfinities() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(new float[] {Float.NaN, Float.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY}, 3);
                ConversionResult h = f.engine.convert(src, DType.F16, DIRECT);
                ConversionResult b = f.engine.convert(src, DType.BF16, DIRECT)) {
            for (ConversionResult r : new ConversionResult[] {h, b}) {
                float[] v = r.tensor().toFloatArray();
                assertTrue(Float.isNaN(v[0]), r.tensor().dtype() + " NaN");
                assertEquals(Float.NEGATIVE_INFINITY, v[1]);
                assertEquals(Float.POSITIVE_INFINITY, v[2]);
            }
        }
    }

    @Test
    void integerTargetsRoundHalfToEvenAndSaturate() {
        try (Fixture f = new Fixture()) {
            float[] v = {2.5f, 3.5f, -2.5f, -200f, 300f, Float.NaN, Float.POSITIVE_INFINITY, 0.49f, -0.51f, 0.5f, -0.5f,
                -0f, 0.5000001f};
            try (Tensor src = f.tensor(v, v.length);
                    ConversionResult i8 = f.engine.convert(src, DType.I8, DIRECT);
                    ConversionResult t = f.engine.convert(src, DType.TERNARY, DIRECT)) {
                assertArrayEquals(new float[] {2, 4, -2, -128, 127, 0, 127, 0, -1, 0, 0, 0, 1}, i8.tensor().toFloatArray());
                assertArrayEquals(new float[] {1, 1, -1, -1, 1, 0, 1, 0, -1, 0, 0, 0, 1}, t.tensor().toFloatArray());
                assertEquals(0, i8.scales().length);
            }
        }
    }

    @Test
    void wideValuesKeepTheirPrecisionThroughDoubles() {
        try (Fixture f = new Fixture()) {
            int[] big = {Integer.MAX_VALUE, Integer.MIN_VALUE, 16777217, -3};
            try (Tensor src = f.factory.of(big, 4);
                    ConversionResult d = f.engine.convert(src, DType.F64, DIRECT);
                    ConversionResult back = f.engine.convert(d.tensor(), DType.I32, DIRECT)) {
                for (int i = 0; i < big.length; i++) {
                    assertEquals(big[i], back.tensor().segment().get(ValueLayout.JAVA_INT_UNALIGNED, i * 4L));
                }
            }
        }
    }

    /** Small integers are exact in every dtype, so every pair must carry them unchanged. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 1023, 1024, 1029})
    void everyPairCarriesValuesEveryDtypeHolds(int n) {
        try (Fixture f = new Fixture()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (i * 7 % 3) - 1;
            }
            try (Tensor f32 = f.tensor(v, n)) {
                for (DType from : DType.values()) {
                    try (ConversionResult src = f.engine.convert(f32, from, DIRECT)) {
                        for (DType to : DType.values()) {
                            try (ConversionResult r = f.engine.convert(src.tensor(), to, DIRECT)) {
                                assertArrayEquals(v, r.tensor().toFloatArray(), from + " -> " + to);
                                assertArrayEquals(new long[] {n}, r.tensor().shape());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void stridedSourcesAreReadInRowMajorOrder() {
        try (Fixture f = new Fixture()) {
            float[] v = Fixture.values(3, 5 * 7, 4f);
            try (Tensor m = f.tensor(v, 5, 7); Tensor t = m.transpose(0, 1);
                    Tensor expected = t.contiguous();
                    ConversionResult r = f.engine.convert(t, DType.F64, DIRECT)) {
                assertArrayEquals(expected.toFloatArray(), r.tensor().toFloatArray());
                assertArrayEquals(new long[] {7, 5}, r.tensor().shape());
            }
        }
    }

    @Test
    void rankZeroAndEmptyTensorsConvert() {
        try (Fixture f = new Fixture()) {
            try (Tensor scalar = f.factory.full(DType.F32, 2.6f);
                    ConversionResult r = f.engine.convert(scalar, DType.I8, DIRECT);
                    Tensor empty = f.factory.empty(DType.F32, 0, 3);
                    ConversionResult e = f.engine.convert(empty, DType.TERNARY, DIRECT)) {
                assertEquals(3f, r.tensor().getFloat());
                assertEquals(0, e.tensor().size());
                assertArrayEquals(new long[] {0, 3}, e.tensor().shape());
            }
        }
    }
}
