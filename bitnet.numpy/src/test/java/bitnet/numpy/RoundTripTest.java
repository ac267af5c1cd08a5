package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.io.Bf16Encoding;
import bitnet.api.io.NpyFormatException;
import bitnet.api.io.TensorIO;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;

/** Java writes, Java reads back: every dtype and edge shape, views, BF16 both ways, NumPy's exact bytes. */
class RoundTripTest {
    private static final DType[] NUMPY_TYPES = {DType.F32, DType.F64, DType.F16, DType.BF16, DType.I8, DType.I32};
    private static final long[][] SHAPES = {{}, {0}, {1}, {3, 5, 7}, {0, 3}, {17}};

    private final Fixtures fx = new Fixtures();
    @TempDir
    Path dir;

    @AfterEach
    void nothingLeaked() {
        fx.assertNoLeak();
    }

    static Stream<Arguments> dtypesAndShapes() {
        List<Arguments> out = new ArrayList<>();
        for (DType d : NUMPY_TYPES) {
            for (long[] s : SHAPES) {
                out.add(Arguments.of(d, s));
            }
        }
        return out.stream();
    }

    /** Seeded values that each dtype holds exactly, with NaN and infinities for the float types. */
    private Tensor random(DType dtype, long seed, long... shape) {
        Tensor t = fx.factory.empty(dtype, shape);
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case I8 -> r.nextInt(-128, 128);
                case I32 -> r.nextInt(-1 << 24, 1 << 24);
                default -> i == 1 ? Float.NaN : i == 2 ? Float.NEGATIVE_INFINITY : (float) r.nextGaussian() * 100;
            };
        }
        try (Tensor flat = t.reshape(t.size())) {
            for (int i = 0; i < v.length; i++) {
                flat.setFloat(v[i], i);
            }
        }
        return t;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndShapes")
    void fileRoundTripKeepsDtypeShapeAndBits(DType dtype, long[] shape) throws IOException {
        Path file = dir.resolve("t.npy");
        try (Tensor t = random(dtype, 7, shape)) {
            fx.io.writeNpy(file, t, Bf16Encoding.RAW_V2);
            assertEquals(0, fx.io.readNpyHeader(file).headerBytes() % 64, "data starts 64-byte aligned");
            try (Tensor back = fx.io.readNpy(file)) {
                assertEquals(dtype, back.dtype());
                assertArrayEquals(shape, back.shape());
                assertBitsEqual(t, back);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndShapes")
    void streamRoundTrip(DType dtype, long[] shape) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Tensor t = random(dtype, 11, shape)) {
            fx.io.writeNpy(bytes, t, Bf16Encoding.RAW_V2);
            try (Tensor back = fx.io.readNpy(new ByteArrayInputStream(bytes.toByteArray()), "mem")) {
                assertArrayEquals(shape, back.shape());
                assertBitsEqual(t, back);
            }
        }
    }

    private static void assertBitsEqual(Tensor expected, Tensor actual) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]), "element " + i);
        }
    }

    @Test
    void bf16IsWidenedToFloat32ByDefault() throws IOException {
        Path file = dir.resolve("bf.npy");
        try (Tensor t = random(DType.BF16, 3, 4, 5)) {
            fx.io.writeNpy(file, t);
            assertEquals("<f4", fx.io.readNpyHeader(file).descr());
            try (Tensor back = fx.io.readNpy(file)) {
                assertEquals(DType.F32, back.dtype());
                assertBitsEqual(t, back);
            }
        }
    }

    @Test
    void transposedAndSlicedViewsAreWrittenAsTheyLook() throws IOException {
        Path file = dir.resolve("view.npy");
        try (Tensor t = random(DType.F32, 5, 3, 5, 7); Tensor view = t.permute(2, 0, 1);
                Tensor sliced = view.slice(Slice.range(null, null, -2), Slice.at(1))) {
            assertFalse(view.isContiguous());
            fx.io.writeNpy(file, view);
            try (Tensor back = fx.io.readNpy(file)) {
                assertArrayEquals(new long[] {7, 3, 5}, back.shape());
                assertBitsEqual(view, back);
            }
            fx.io.writeNpy(file, sliced);
            try (Tensor back = fx.io.readNpy(file)) {
                assertArrayEquals(new long[] {4, 5}, back.shape());
                assertBitsEqual(sliced, back);
            }
        }
    }

    @Test
    void writesTheSameBytesAsNumPy() throws IOException {
        for (String name : List.of("f32_3x4.npy", "f32_3x5x7.npy", "f32_scalar.npy", "f32_empty_0x3.npy",
                "i8_17.npy", "f64_5.npy", "bf16_2x3.npy")) {
            Path numpyFile = Fixtures.resource(name);
            Path ours = dir.resolve(name);
            try (Tensor t = fx.io.readNpy(numpyFile)) {
                fx.io.writeNpy(ours, t, Bf16Encoding.RAW_V2);
            }
            assertArrayEquals(Files.readAllBytes(numpyFile), Files.readAllBytes(ours), name);
        }
    }

    @Test
    void npzRoundTripStoredAndCompressedInOrder() throws IOException {
        for (boolean compress : new boolean[] {false, true}) {
            Path file = dir.resolve(compress ? "c.npz" : "s.npz");
            Map<String, Tensor> arrays = new LinkedHashMap<>();
            arrays.put("zeta", random(DType.F32, 1, 33));
            arrays.put("alpha", random(DType.I32, 2, 2, 3));
            arrays.put("empty", random(DType.F16, 3, 0));
            arrays.put("scalar", random(DType.F64, 4));
            try {
                fx.io.writeNpz(file, arrays, compress, Bf16Encoding.FLOAT32);
                Map<String, Tensor> back = fx.io.readNpz(file);
                try {
                    assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
                    for (String k : arrays.keySet()) {
                        assertArrayEquals(arrays.get(k).shape(), back.get(k).shape(), k);
                        assertEquals(arrays.get(k).dtype(), back.get(k).dtype(), k);
                        assertBitsEqual(arrays.get(k), back.get(k));
                    }
                } finally {
                    back.values().forEach(Tensor::close);
                }
            } finally {
                arrays.values().forEach(Tensor::close);
            }
        }
    }

    @Test
    void npzWithTwoArgumentsIsStored() throws IOException {
        Path file = dir.resolve("plain.npz");
        try (Tensor t = random(DType.F32, 9, 4)) {
            fx.io.writeNpz(file, Map.of("a", t));
            try (var zip = new java.util.zip.ZipFile(file.toFile())) {
                assertEquals(java.util.zip.ZipEntry.STORED, zip.getEntry("a.npy").getMethod());
            }
        }
    }

    @Test
    void ternaryAndInt4AreWrittenAsInt8AndReadBackRangeChecked() throws IOException {
        TensorIO io = fx.io;
        Path ternary = dir.resolve("t.npy");
        Path int4 = dir.resolve("q.npz");
        try (Tensor bytes = fx.factory.of(new byte[] {0x24, 0x01}, 2); Tensor t = bytes.view(DType.TERNARY);
                Tensor q = fx.factory.of(new float[] {-8, 7, 3, -1}, 4); Tensor q4 = q.to(DType.I4)) {
            io.writeNpy(ternary, t);
            io.writeNpz(int4, Map.of("q", q4));
        }
        // 0x24, 0x01 hold the codes of 0, +1, -1, 0 and +1, 0, 0, 0 (element 0 in the low bits).
        assertEquals("|i1", io.readNpyHeader(ternary).descr());
        try (Tensor raw = io.readNpy(ternary); Tensor back = io.readNpy(ternary, DType.TERNARY)) {
            assertEquals(DType.I8, raw.dtype());
            assertArrayEquals(new float[] {0, 1, -1, 0, 1, 0, 0, 0}, raw.toFloatArray());
            assertEquals(DType.TERNARY, back.dtype());
            assertArrayEquals(new float[] {0, 1, -1, 0, 1, 0, 0, 0}, back.toFloatArray());
        }
        var arrays = io.readNpz(int4);
        try (Tensor q = arrays.get("q")) {
            assertArrayEquals(new float[] {-8, 7, 3, -1}, q.toFloatArray());
        }
        Path wide = dir.resolve("wide.npy");
        Path floats = dir.resolve("f.npy");
        try (Tensor w = fx.factory.of(new byte[] {1, 0, 2, -1}, 2, 2); Tensor f = fx.factory.of(new float[] {1}, 1)) {
            io.writeNpy(wide, w);
            io.writeNpy(floats, f);
        }
        NpyFormatException range = assertThrows(NpyFormatException.class, () -> io.readNpy(wide, DType.TERNARY));
        assertEquals("wide.npy: element [1, 0] is 2, outside the TERNARY range -1, 0, 1", range.getMessage());
        try (Tensor ok = io.readNpy(wide, DType.I4)) {
            assertArrayEquals(new float[] {1, 0, 2, -1}, ok.toFloatArray());
        }
        NpyFormatException floating = assertThrows(NpyFormatException.class, () -> io.readNpy(floats, DType.TERNARY));
        assertTrue(floating.getMessage().contains("np.int8"), floating.getMessage());
    }

    @Test
    void badNpzNamesAreRefusedBeforeTheFileIsTouched() {
        TensorIO io = fx.io;
        try (Tensor t = fx.factory.zeros(DType.F32, 2)) {
            assertThrows(IllegalArgumentException.class, () -> io.writeNpz(dir.resolve("n.npz"), Map.of("a/b", t)));
            assertThrows(IllegalArgumentException.class, () -> io.writeNpz(dir.resolve("n.npz"), Map.of("", t)));
        }
        assertFalse(Files.exists(dir.resolve("n.npz")));
    }
}
