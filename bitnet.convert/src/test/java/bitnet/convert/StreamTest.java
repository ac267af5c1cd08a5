package bitnet.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

class StreamTest {
    @ParameterizedTest(name = "{0} elements in chunks of {1} to {2} ({3})")
    @CsvSource({"0, 8, I8, DIRECT", "1, 8, F16, DIRECT", "64, 8, TERNARY, QUANTIZATION_AWARE",
        "65, 8, TERNARY, SCALED", "7, 1, BF16, STOCHASTIC", "2051, 1024, I8, QUANTIZATION_AWARE",
        "13, 7, TERNARY, DIRECT"})
    void chunksTogetherAreTheCopy(int n, long chunk, DType target, ConversionStrategy strategy) {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(Fixture.values(9, n, 2f), n)) {
            ConversionOptions o = ConversionOptions.of(strategy).withChunk(chunk).withSeed(1);
            float[] streamed = new float[n];
            long[] calls = {0};
            try (ConversionResult expected = f.engine.convert(src, target, o)) {
                ConversionResult r = f.engine.stream(src, target, o, (c, first) -> {
                    assertTrue(c.size() <= chunk);
                    assertEquals(calls[0] * chunk, first);
                    System.arraycopy(c.toFloatArray(), 0, streamed, (int) first, (int) c.size());
                    calls[0]++;
                });
                assertNull(r.tensor());
                assertEquals((n + chunk - 1) / chunk, r.chunks());
                assertEquals(calls[0], r.chunks());
                assertArrayEquals(expected.tensor().toFloatArray(), streamed);
                assertArrayEquals(expected.scales(), r.scales());
            }
        }
    }

    @Test
    void peakExtraMemoryIsOneChunk() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(Fixture.values(1, 1 << 16, 1f), 1 << 16)) {
            long base = f.pool.stats().bytesInUse();
            assertEquals(base, f.pool.stats().peakBytesInUse());
            ConversionResult r = f.engine.stream(src, DType.F16,
                    ConversionOptions.of(ConversionStrategy.DIRECT).withChunk(1000), (c, first) -> { });
            long extra = f.pool.stats().peakBytesInUse() - base;
            assertEquals(66, r.chunks());
            assertTrue(extra > 0 && extra <= 2000, "extra " + extra + " bytes; one F16 chunk is 2000");
            assertEquals(base, f.pool.stats().bytesInUse());
            try (ConversionResult whole = f.engine.convert(src, DType.F16, ConversionOptions.of(ConversionStrategy.DIRECT))) {
                assertEquals(base + (2L << 16), f.pool.stats().peakBytesInUse(), "a copy holds the whole output");
            }
        }
    }

    @Test
    void aFailingSinkAbortsAndReleasesTheBuffer() {
        try (Fixture f = new Fixture(); Tensor src = f.tensor(Fixture.values(1, 100, 1f), 100)) {
            long base = f.pool.stats().bytesInUse();
            ConversionException e = assertThrows(ConversionException.class, () -> f.engine.stream(src, DType.I8,
                    ConversionOptions.of(ConversionStrategy.DIRECT).withChunk(30), (c, first) -> {
                        if (first > 0) {
                            throw new IOException("disk full");
                        }
                    }));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getMessage().contains("element 30"), e.getMessage());
            assertEquals(base, f.pool.stats().bytesInUse());
            assertEquals(1, f.engine.stats().failures());
        }
    }
}
