package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.BitNetException;
import bitnet.api.io.NpyHeader;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;
import bitnet.testsupport.FuzzContract;
import bitnet.testsupport.MeteredPool;

/**
 * Fuzzes the {@code .npy} reader through the TensorIO service: each input is read as a file (mapped), as a header
 * and as a stream. The contract of {@link FuzzContract}, plus: a file read takes at most twice the file's size
 * from the pool (Fortran order stages a copy), the pool gets every byte back, and whatever the file read accepts
 * the header read and the stream read accept alike. Corpus: {@code NpyFuzzTestInputs/fuzz}, seeded from
 * {@code src/test/resources/npy}.
 */
class NpyFuzzTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.create(PoolSettings.defaults().withLimit(64 << 20));
    private static final MeteredPool METERED = new MeteredPool(POOL);
    private static final NpyTensorIO IO = new NpyTensorIO(new PooledTensorFactory(METERED));
    private static final long HEAP_PER_BYTE = 8;
    private static int inputs;

    @TempDir
    static Path dir;

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) throws IOException {
        Path file = dir.resolve("input" + inputs++ + ".npy");
        Files.write(file, bytes);
        try {
            FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> readFile(file, bytes), IOException.class);
            FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> IO.readNpyHeader(file), IOException.class);
            FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> {
                try (Tensor ignored = IO.readNpy(new ByteArrayInputStream(bytes), "input.npy")) {
                    // whatever the stream held is freed; the pool check below sees it
                }
            }, IOException.class);
            assertEquals(0, POOL.stats().bytesInUse(), "pool bytes in use after the input");
        } finally {
            Files.delete(file);
        }
    }

    private static void readFile(Path file, byte[] bytes) throws IOException {
        METERED.reset();
        try (Tensor t = IO.readNpy(file)) {
            long bound = 2L * bytes.length + 4096;
            assertTrue(METERED.requested() <= bound, () -> "the file read asked the pool for "
                    + METERED.requested() + " bytes for a " + bytes.length + "-byte file");
            try {
                NpyHeader h = IO.readNpyHeader(file);
                assertArrayEquals(h.shape(), t.shape());
                assertEquals(h.dtype(), t.dtype());
                assertEquals(bytes.length, h.headerBytes() + h.dataBytes());
                try (Tensor s = IO.readNpy(new ByteArrayInputStream(bytes), "input.npy")) {
                    assertSameValues(t, s);
                }
            } catch (BitNetException e) {
                throw new AssertionError("the file read accepted what the header or stream read refuses", e);
            }
        }
    }

    private static void assertSameValues(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        assertTrue(expected.isContiguous() && actual.isContiguous(), "reads give contiguous tensors");
        long bytes = (expected.size() * expected.dtype().bitsPerElement() + 7) / 8;
        assertEquals(-1, MemorySegment.mismatch(expected.segment(), 0, bytes, actual.segment(), 0, bytes),
                "the file and stream reads differ");
    }
}
