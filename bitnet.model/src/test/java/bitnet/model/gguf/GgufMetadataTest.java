package bitnet.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import bitnet.api.model.ModelFormatException;
import bitnet.model.fixtures.GgufWriter;
import bitnet.model.fixtures.LeBytes;
import bitnet.model.load.MappedFile;

/** Every GGUF metadata value type, read into the Java types GgufTokenizerJson.build is promised. */
class GgufMetadataTest {
    @TempDir
    Path dir;

    private Map<String, Object> metadata(GgufWriter w) {
        try (MappedFile file = MappedFile.open(w.write(dir.resolve("m.gguf")))) {
            return GgufFile.parse(file).metadata;
        }
    }

    @Test
    void everyValueTypeMapsToStringLongDoubleBooleanOrList() {
        GgufWriter w = new GgufWriter()
                .kv("u8", GgufWriter.UINT8, new LeBytes().u8(200))
                .kv("i8", GgufWriter.INT8, new LeBytes().u8(-5))
                .kv("u16", GgufWriter.UINT16, new LeBytes().u16(60000))
                .kv("i16", GgufWriter.INT16, new LeBytes().u16(-300))
                .kv("u32", GgufWriter.UINT32, new LeBytes().u32(4_000_000_000L))
                .kv("i32", GgufWriter.INT32, new LeBytes().u32(-7))
                .kv("u64", GgufWriter.UINT64, new LeBytes().u64(Long.MIN_VALUE + 5))
                .kv("i64", GgufWriter.INT64, new LeBytes().u64(-9))
                .kv("f32", GgufWriter.FLOAT32, new LeBytes().f32(0.5f))
                .kv("f64", GgufWriter.FLOAT64, new LeBytes().f64(0.1))
                .kv("bool", GgufWriter.BOOL, new LeBytes().u8(1))
                .kv("string", GgufWriter.STRING, new LeBytes().string("h\u00e9llo"))
                .kv("u32s", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.UINT32).u64(3).u32(1).u32(2)
                        .u32(0xFFFFFFFFL))
                .kv("f32s", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.FLOAT32).u64(2).f32(1.5f).f32(-2f))
                .kv("bools", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.BOOL).u64(2).u8(0).u8(1))
                .kv("i16s", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.INT16).u64(2).u16(-1).u16(7))
                .kv("strings", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.STRING).u64(2).string("a")
                        .string(""))
                .kv("nested", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.ARRAY).u64(2)
                        .u32(GgufWriter.INT8).u64(2).u8(-1).u8(2)
                        .u32(GgufWriter.UINT64).u64(1).u64(42))
                .kv("empty", GgufWriter.ARRAY, new LeBytes().u32(GgufWriter.FLOAT64).u64(0));
        Map<String, Object> m = metadata(w);
        assertEquals(200L, m.get("u8"));
        assertEquals(-5L, m.get("i8"));
        assertEquals(60000L, m.get("u16"));
        assertEquals(-300L, m.get("i16"));
        assertEquals(4_000_000_000L, m.get("u32"));
        assertEquals(-7L, m.get("i32"));
        assertEquals(Long.MIN_VALUE + 5, m.get("u64"), "a u64 above Long.MAX_VALUE keeps its bits");
        assertEquals(-9L, m.get("i64"));
        assertEquals(0.5, m.get("f32"));
        assertEquals(0.1, m.get("f64"));
        assertEquals(Boolean.TRUE, m.get("bool"));
        assertEquals("h\u00e9llo", m.get("string"));
        assertEquals(List.of(1L, 2L, 4294967295L), m.get("u32s"));
        assertEquals(List.of(1.5, -2.0), m.get("f32s"));
        assertEquals(List.of(false, true), m.get("bools"));
        assertEquals(List.of(-1L, 7L), m.get("i16s"));
        assertEquals(List.of("a", ""), m.get("strings"));
        assertEquals(List.of(List.of(-1L, 2L), List.of(42L)), m.get("nested"));
        assertEquals(List.of(), m.get("empty"));
        assertEquals(List.of("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "bool", "string",
                "u32s", "f32s", "bools", "i16s", "strings", "nested", "empty"), List.copyOf(m.keySet()),
                "file order");
        assertThrows(UnsupportedOperationException.class, () -> m.put("x", 1L));
    }

    @Test
    void unknownValueTypeIsRefused() {
        GgufWriter w = new GgufWriter().kv("odd", 13, new LeBytes().u8(0));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> metadata(w));
        assertTrue(e.getMessage().contains("odd") && e.getMessage().contains("13"), e.getMessage());
    }
}
