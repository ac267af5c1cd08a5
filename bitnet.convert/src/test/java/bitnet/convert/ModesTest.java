package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionPreset;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStats;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;

/** Every strategy in every mode gives the COPY mode's values; each mode's own promise holds. */
class ModesTest {
    static Stream<Arguments> strategyModeTarget() {
        List<Arguments> all = new ArrayList<>();
        for (ConversionStrategy s : ConversionStrategy.values()) {
            for (ConversionMode m : ConversionMode.values()) {
                for (DType t : new DType[] {DType.F16, DType.BF16, DType.I8, DType.TERNARY}) {
                    if (s != ConversionStrategy.QUANTIZATION_AWARE || !t.isFloating()) {
                        all.add(Arguments.of(s, m, t));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("strategyModeTarget")
    void everyModeGivesTheCopyModesValues(ConversionStrategy strategy, ConversionMode mode, DType target) {
        try (Fixture f = new Fixture()) {
            float[] v = Fixture.values(17, 4 * 263, 2f);
            ConversionOptions copy = ConversionOptions.of(strategy).withSeed(3);
            try (Tensor reference = f.tensor(v, 4, 263); Tensor src = f.tensor(v, 4, 263);
                    ConversionResult expected = f.engine.convert(reference, target, copy);
                    ConversionResult r = f.engine.convert(src, target, copy.withMode(mode).withChunk(37))) {
                assertArrayEquals(expected.tensor().toFloatArray(), r.tensor().toFloatArray());
                assertArrayEquals(expected.scales(), r.scales());
                assertArrayEquals(new long[] {4, 263}, r.tensor().shape());
                ConversionMode applied = mode == ConversionMode.ZERO_COPY ? ConversionMode.COPY : mode;
                assertEquals(applied, r.mode());
                assertEquals(mode == ConversionMode.IN_PLACE, r.sharesMemory());
                if (mode == ConversionMode.STREAMING) {
                    assertEquals((4 * 263 + 36) / 37, r.chunks());
                }
            }
        }
    }

    @Test
    void zeroCopyOfTheSameDtypeIsAView() {
        try (Fixture f = new Fixture(); Tensor m = f.tensor(Fixture.values(1, 12, 1f), 3, 4);
                Tensor t = m.transpose(0, 1);
                ConversionResult r = f.engine.convert(t, DType.F32,
                        ConversionOptions.of(ConversionStrategy.DIRECT).withMode(ConversionMode.ZERO_COPY))) {
            assertEquals(ConversionMode.ZERO_COPY, r.mode());
            assertTrue(r.sharesMemory());
            assertEquals(0, r.chunks());
            assertArrayEquals(new long[] {4, 3}, r.tensor().shape());
            m.setFloat(9f, 2, 1);
            assertEquals(9f, r.tensor().getFloat(1, 2));
            assertEquals(1, f.engine.stats().views());
        }
    }

    @Test
    void inPlaceReusesTheSourceMemoryAndReleasesItOnce() {
        try (Fixture f = new Fixture()) {
            float[] v = Fixture.values(2, 1030, 2f);
            Tensor src = f.tensor(v, 1030);
            long before = f.pool.stats().bytesInUse();
            ConversionResult r = f.engine.convert(src, DType.BF16,
                    ConversionOptions.of(ConversionStrategy.DIRECT).withMode(ConversionMode.IN_PLACE));
            assertEquals(before, f.pool.stats().bytesInUse(), "no new memory");
            assertEquals(src.segment().address(), r.tensor().segment().address());
            src.close();
            float[] got = r.tensor().toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], got[i], Math.abs(v[i]) / 128, "element " + i);
            }
            r.close();
            assertEquals(0, f.pool.stats().bytesInUse());
        }
    }

    @Test
    void inPlaceOnAViewTouchesOnlyTheView() {
        try (Fixture f = new Fixture()) {
            float[] v = Fixture.values(4, 32, 1f);
            try (Tensor m = f.tensor(v, 4, 8); Tensor rows = m.slice(Slice.range(1, 3));
                    ConversionResult r = f.engine.convert(rows, DType.TERNARY,
                            ConversionOptions.of(ConversionStrategy.QUANTIZATION_AWARE)
                                    .withMode(ConversionMode.IN_PLACE));
                    Tensor reference = f.tensor(java.util.Arrays.copyOfRange(v, 8, 24), 2, 8);
                    ConversionResult expected = f.engine.convert(reference, DType.TERNARY,
                            ConversionOptions.of(ConversionStrategy.QUANTIZATION_AWARE))) {
                assertArrayEquals(expected.tensor().toFloatArray(), r.tensor().toFloatArray());
                for (int c = 0; c < 8; c++) {
                    assertEquals(v[c], m.getFloat(0, c));
                    assertEquals(v[24 + c], m.getFloat(3, c));
                }
                try (Tensor row = r.tensor().slice(Slice.at(1)); Tensor flat = r.tensor().reshape(-1)) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(expected.tensor().toFloatArray(), 8, 16),
                            row.toFloatArray());
                    assertEquals(16, flat.size());
                }
            }
        }
    }

    @Test
    void inPlaceRefusalsLeaveTheSourceUnchanged() {
        try (Fixture f = new Fixture()) {
            float[] v = {1f, 2f, Float.NaN, 4f};
            ConversionOptions inPlace = ConversionOptions.of(ConversionStrategy.SCALED)
                    .withMode(ConversionMode.IN_PLACE);
            try (Tensor src = f.tensor(v, 4); Tensor i8 = f.factory.of(new byte[] {1, 2}, 2);
                    Tensor m = f.tensor(new float[6], 2, 3); Tensor t = m.transpose(0, 1)) {
                ConversionException nan = assertThrows(ConversionException.class,
                        () -> f.engine.convert(src, DType.I8, inPlace));
                assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
                assertArrayEquals(v, src.toFloatArray());
                ConversionException larger = assertThrows(ConversionException.class,
                        () -> f.engine.convert(i8, DType.F32, inPlace));
                assertTrue(larger.getMessage().startsWith("I8 -> F32 (SCALED)"), larger.getMessage());
                assertArrayEquals(new float[] {1, 2}, i8.toFloatArray());
                assertThrows(ConversionException.class, () -> f.engine.convert(t, DType.F16, inPlace));
                assertEquals(3, f.engine.stats().failures());
            }
        }
    }

    @Test
    void batchValidatesEveryTensorBeforeConvertingAny() {
        try (Fixture f = new Fixture()) {
            ConversionOptions scaled = ConversionOptions.of(ConversionStrategy.SCALED);
            try (Tensor a = f.tensor(new float[] {1, -2}, 2); Tensor b = f.tensor(new float[] {3, 4, 5}, 3, 1);
                    Tensor bad = f.tensor(new float[] {Float.NaN}, 1)) {
                long before = f.pool.stats().bytesInUse();
                ConversionException e = assertThrows(ConversionException.class,
                        () -> f.engine.convertAll(List.of(a, bad, b), DType.I8, scaled));
                assertTrue(e.getMessage().contains("batch tensor #1 of 3"), e.getMessage());
                assertEquals(before, f.pool.stats().bytesInUse(), "nothing was allocated");
                List<ConversionResult> rs = f.engine.convertAll(List.of(a, b), DType.I8, scaled);
                try {
                    assertEquals(2, rs.size());
                    assertArrayEquals(new float[] {64, -127}, rs.get(0).tensor().toFloatArray());
                    assertArrayEquals(new float[] {76, 102, 127}, rs.get(1).tensor().toFloatArray());
                } finally {
                    rs.forEach(ConversionResult::close);
                }
                ConversionStats s = f.engine.stats();
                assertEquals(2, s.conversions());
                assertEquals(1, s.failures());
                assertEquals(5 * 4, s.bytesIn());
                assertEquals(5, s.bytesOut());
            }
        }
    }

    @Test
    void presetsAreTheirDocumentedCombinations() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(Fixture.values(8, 40_000, 9e4f), 40_000)) {
            try (ConversionResult fast = f.engine.convert(src, DType.F32, ConversionPreset.HIGH_PERFORMANCE);
                    ConversionResult lowMem = f.engine.convert(src, DType.F16, ConversionPreset.LOW_MEMORY);
                    ConversionResult precise = f.engine.convert(src, DType.F16, ConversionPreset.HIGH_PRECISION);
                    ConversionResult balanced = f.engine.convert(src, DType.F16, ConversionPreset.BALANCED)) {
                assertEquals(ConversionMode.ZERO_COPY, fast.mode());
                assertEquals(ConversionMode.STREAMING, lowMem.mode());
                assertEquals(3, lowMem.chunks());
                assertEquals(1, balanced.chunks());
                assertEquals(ConversionStrategy.SCALED, precise.strategy());
                assertTrue(precise.scale() > 1, "9e4 does not fit F16 unscaled");
                boolean overflowed = false;
                for (float x : lowMem.tensor().toFloatArray()) {
                    overflowed |= Float.isInfinite(x);
                }
                assertTrue(overflowed, "DIRECT overflows above 65504");
                for (float x : precise.tensor().toFloatArray()) {
                    assertFalse(Float.isInfinite(x));
                }
            }
        }
    }
}
