package bitnet.numpy;

import static bitnet.numpy.Fixtures.assertFixture;
import static bitnet.numpy.Fixtures.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import bitnet.api.io.NpyHeader;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/** Reads files that NumPy itself wrote (src/test/python/gen_fixtures.py). */
class NumPyFilesTest {
    private final Fixtures fx = new Fixtures();

    @AfterEach
    void nothingLeaked() {
        fx.assertNoLeak();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "f32_3x4.npy, F32, float, 3 4",
        "f32_scalar.npy, F32, float, ''",
        "f32_empty.npy, F32, float, 0",
        "f32_empty_0x3.npy, F32, float, 0 3",
        "f32_one.npy, F32, float, 1",
        "f32_3x5x7.npy, F32, float, 3 5 7",
        "f32_be_3x5x7.npy, F32, float, 3 5 7",
        "f32_fortran_3x5x7.npy, F32, float, 3 5 7",
        "f64_be_fortran_4x3.npy, F64, float, 4 3",
        "f64_5.npy, F64, float, 5",
        "f16_2x3.npy, F16, float, 2 3",
        "f16_be_2x3.npy, F16, float, 2 3",
        "bf16_2x3.npy, BF16, float, 2 3",
        "i8_17.npy, I8, int8, 17",
        "i32_be_2x5.npy, I32, int32, 2 5",
        "i32_fortran_2x3x2.npy, I32, int32, 2 3 2",
        "bool_7.npy, I8, bool, 7",
        "f32_v2_3x4.npy, F32, float, 3 4",
        "f32_v3_3x4.npy, F32, float, 3 4",
    })
    void readsWhatNumPyWrote(String file, DType dtype, String kind, String shape) throws IOException {
        long[] dims = shape.isBlank() ? new long[0]
                : java.util.Arrays.stream(shape.trim().split(" ")).mapToLong(Long::parseLong).toArray();
        try (Tensor t = fx.io.readNpy(resource(file))) {
            assertFixture(t, dtype, kind, dims);
        }
        try (InputStream in = Files.newInputStream(resource(file)); Tensor t = fx.io.readNpy(in, file)) {
            assertFixture(t, dtype, kind, dims);
            assertEquals(-1, in.read(), "the stream read stops right after the data");
        }
    }

    @Test
    void headersTellOrderAndVersion() throws IOException {
        NpyHeader f = fx.io.readNpyHeader(resource("f64_be_fortran_4x3.npy"));
        assertEquals("f64_be_fortran_4x3.npy", f.name());
        assertEquals(">f8", f.descr());
        assertEquals(ByteOrder.BIG_ENDIAN, f.byteOrder());
        assertTrue(f.fortranOrder());
        assertArrayEquals(new long[] {4, 3}, f.shape());
        assertEquals(128, f.headerBytes());
        assertEquals(96, f.dataBytes());
        assertEquals(3, fx.io.readNpyHeader(resource("f32_v3_3x4.npy")).majorVersion());
        assertEquals(2, fx.io.readNpyHeader(resource("f32_v2_3x4.npy")).majorVersion());
        NpyHeader b = fx.io.readNpyHeader(resource("bool_7.npy"));
        assertEquals("|b1", b.descr());
        assertEquals(DType.I8, b.dtype());
        assertFalse(b.fortranOrder());
        assertEquals("()", fx.io.readNpyHeader(resource("f32_scalar.npy")).shapeString());
    }

    @Test
    void specialFloatsKeepTheirBits() throws IOException {
        try (Tensor t = fx.io.readNpy(resource("f32_special.npy"))) {
            float[] v = t.toFloatArray();
            assertEquals(0x7fc00000, Float.floatToRawIntBits(v[0]), "NumPy's NaN, bit for bit");
            assertEquals(Float.POSITIVE_INFINITY, v[1]);
            assertEquals(Float.NEGATIVE_INFINITY, v[2]);
            assertEquals(0x80000000, Float.floatToRawIntBits(v[3]), "-0.0");
            assertEquals(Float.MIN_VALUE, v[4]);
            assertEquals(Float.MAX_VALUE, v[5]);
        }
    }

    @Test
    void arraysSavedOneAfterAnotherReadInTurnFromAStream() throws IOException {
        try (InputStream in = Files.newInputStream(resource("two_arrays.npy"))) {
            try (Tensor a = fx.io.readNpy(in, "two_arrays.npy")) {
                assertFixture(a, DType.F32, "float", 2, 2);
            }
            try (Tensor b = fx.io.readNpy(in, "two_arrays.npy")) {
                assertFixture(b, DType.I32, "int32", 3);
            }
            assertEquals(-1, in.read());
        }
    }

    @ParameterizedTest
    @CsvSource({"arrays.npz", "arrays_compressed.npz"})
    void readsSavezAndSavezCompressed(String file) throws IOException {
        Map<String, Tensor> arrays = fx.io.readNpz(resource(file));
        try {
            assertEquals(List.of("x", "idx", "empty", "mask", "s"), List.copyOf(arrays.keySet()));
            assertFixture(arrays.get("x"), DType.F32, "float", 3, 4);
            assertFixture(arrays.get("idx"), DType.I32, "int32", 5);
            assertFixture(arrays.get("empty"), DType.F32, "float", 0, 3);
            assertFixture(arrays.get("mask"), DType.I8, "bool", 2, 3);
            assertFixture(arrays.get("s"), DType.F64, "float");
        } finally {
            arrays.values().forEach(Tensor::close);
        }
        List<NpyHeader> headers = fx.io.readNpzHeaders(resource(file));
        assertEquals(5, headers.size());
        assertEquals(file + "/x.npy", headers.get(0).name());
        assertEquals("<i4", headers.get(1).descr());
    }
}
