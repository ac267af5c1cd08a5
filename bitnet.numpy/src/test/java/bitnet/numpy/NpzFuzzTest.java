package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SequencedMap;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.io.NpyHeader;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;
import bitnet.testsupport.FuzzContract;

/**
 * Fuzzes the {@code .npz} reader (a zip of {@code .npy} entries): each input is read whole and as headers. The
 * contract of {@link FuzzContract}, plus: the pool gets every byte back, and the headers of an archive that reads
 * agree with its arrays. The pool is capped at 64 MiB, since a deflated entry may rightly expand a thousandfold.
 * Corpus: {@code NpzFuzzTestInputs/fuzz}, seeded from the {@code .npz} files of {@code src/test/resources}.
 */
class NpzFuzzTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.create(PoolSettings.defaults().withLimit(64 << 20));
    private static final NpyTensorIO IO = new NpyTensorIO(new PooledTensorFactory(POOL));
    private static final long HEAP_PER_BYTE = 16;
    private static int inputs;

    @TempDir
    static Path dir;

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) throws IOException {
        Path file = dir.resolve("input" + inputs++ + ".npz");
        Files.write(file, bytes);
        try {
            FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> {
                SequencedMap<String, Tensor> arrays = IO.readNpz(file);
                try {
                    List<NpyHeader> headers = IO.readNpzHeaders(file);
                    assertEquals(arrays.size(), headers.size(), "arrays and headers");
                    int i = 0;
                    for (Tensor t : arrays.values()) {
                        NpyHeader h = headers.get(i++);
                        assertEquals(h.dtype(), t.dtype(), h.name());
                        assertEquals(h.size(), t.size(), h.name());
                    }
                } finally {
                    arrays.values().forEach(Tensor::close);
                }
            }, IOException.class);
            assertEquals(0, POOL.stats().bytesInUse(), "pool bytes in use after the input");
        } finally {
            Files.delete(file);
        }
    }
}
