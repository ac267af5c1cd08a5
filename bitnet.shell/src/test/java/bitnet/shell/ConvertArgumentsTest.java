package bitnet.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionPreset;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;

class ConvertArgumentsTest {
    @Test
    void optionsParseCaseInsensitivelyWithDashes() {
        ConversionOptions o = ConvertArguments.options("strategy=QA", "mode=in-place", "chunk=5", "seed=-3");
        assertEquals(new ConversionOptions(ConversionStrategy.QUANTIZATION_AWARE, ConversionMode.IN_PLACE, 5, -3), o);
        assertEquals(DType.BF16, ConvertArguments.dtype("bf16"));
        assertEquals(ConversionOptions.of(ConversionStrategy.DIRECT), ConvertArguments.options());
    }

    @Test
    void aPresetIsTheBaseThatOtherOptionsRefine() {
        ConversionOptions o = ConvertArguments.options("chunk=7", "preset=low-memory");
        assertEquals(ConversionPreset.LOW_MEMORY.options().withChunk(7), o);
    }

    @Test
    void badValuesNameTheChoices() {
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> ConvertArguments.options("mode=sideways"));
        assertTrue(s.getMessage().contains("zero-copy, in-place, streaming"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvertArguments.options("chunk=many"));
        assertThrows(IllegalArgumentException.class, () -> ConvertArguments.options("chunk=0"));
        assertThrows(IllegalArgumentException.class, () -> ConvertArguments.options("colour=red"));
        assertThrows(IllegalArgumentException.class, () -> ConvertArguments.options("direct"));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> ConvertArguments.dtype("f8"));
        assertTrue(d.getMessage().contains("TERNARY"), d.getMessage());
    }

    @Test
    void errorStatsUndoPerRowScales() {
        float[] input = {1f, -2f, 0.5f, 4f};
        float[] codes = {64, -127, 16, 127};
        ErrorStats e = ErrorStats.of(input, codes, new float[] {2f / 127, 4f / 127}, new long[] {2, 2});
        assertEquals(4, e.compared());
        assertEquals(Math.abs(1 - 64 * 2.0 / 127), e.maxAbs(), 1e-6);
        ErrorStats exact = ErrorStats.of(new float[] {1, Float.NaN}, new float[] {1, 0}, new float[0], new long[] {2});
        assertEquals(0, exact.maxAbs());
        assertEquals(1, exact.compared());
    }
}
