package bitnet.model.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LoadProgress;
import bitnet.api.model.TokenizerSource;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;
import bitnet.model.CheckpointLoaderComponent;
import bitnet.model.fixtures.GgufWriter;
import bitnet.model.fixtures.Maps;
import bitnet.model.fixtures.TinyGguf;
import bitnet.model.fixtures.TinyModel;
import bitnet.testsupport.FuzzContract;
import bitnet.testsupport.MeteredPool;
import bitnet.tokenizer.json.TokenizerJson;

/**
 * Fuzzes the GGUF loader ({@link CheckpointLoaderComponent} on a {@code .gguf} file with no tokenizer.json beside
 * it, so the tokenizer is built from the {@code tokenizer.ggml.*} keys by GgufTokenizerJson). A checkpoint that
 * opens has its tokenizer document loaded and used. The contract of {@link FuzzContract}, plus: the loader asks the
 * pool for at most {@link #POOL_PER_BYTE} bytes per file byte (a projection stored at 2 bits a weight becomes a byte
 * a weight, an F16 embedding F32), and after the input the pool has every byte back and the file is not mapped.
 * Seeds: tiny GGUF files of {@link TinyGguf} in each projection type the loader reads at this size, tied and untied,
 * both architectures; found inputs are in {@code GgufFuzzTestInputs/fuzz}.
 */
class GgufFuzzTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.create(PoolSettings.defaults().withLimit(64 << 20));
    private static final MeteredPool METERED = new MeteredPool(POOL);
    private static final CheckpointLoaderComponent LOADER = new CheckpointLoaderComponent(
            new PooledTensorFactory(METERED));
    private static final long POOL_PER_BYTE = 16;
    /** Heap per file byte: the metadata's strings and lists, the tokenizer document and the tokenizer built on it. */
    private static final long HEAP_PER_BYTE = 512;
    private static final String SAMPLE = "t0 t<|eot_id|>0";
    private static int inputs;

    @TempDir
    static Path dir;

    static Stream<byte[]> seeds() {
        TinyModel model = new TinyModel(7, 8, 32, 64, 1, 2, 1);
        return Stream.of(
                new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.I2_S, false),
                new TinyGguf(model, "bitnet-25", (l, p) -> GgufWriter.I2_S, true),
                new TinyGguf(model, "bitnet-b1.58", (l, p) -> GgufWriter.Q8_0, false),
                new TinyGguf(model, "bitnet-b1.58", (l, p) -> List.of(GgufWriter.F16, GgufWriter.BF16,
                        GgufWriter.F32).get(p % 3), true))
                .map(GgufFuzzTest::withTokenizer);
    }

    /** The fixture's tokenizer keys, made a whole byte-level BPE vocabulary of 8 tokens with its merges. */
    private static byte[] withTokenizer(TinyGguf tiny) {
        tiny.gguf.strings("tokenizer.ggml.tokens", List.of("t", "0", "t0", "\u0120", "\u0120t", "<|begin_of_text|>",
                "<|end_of_text|>", "<|eot_id|>"))
                .strings("tokenizer.ggml.merges", List.of("t 0", "\u0120 t"))
                .string("tokenizer.ggml.pre", "llama-bpe");
        return tiny.gguf.bytes();
    }

    @MethodSource("seeds")
    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) throws IOException {
        load(bytes);
    }

    /** The seeds are checkpoints that open: the fuzzer starts from deep inside the loader, not at its first check. */
    @Test
    void seedsOpen() throws IOException {
        for (byte[] seed : seeds().toList()) {
            Path file = dir.resolve("seed.gguf");
            Files.write(file, seed);
            try {
                open(file, seed.length);
            } finally {
                Files.delete(file);
            }
        }
        assertEquals(0, POOL.stats().bytesInUse(), "pool bytes in use after the seeds");
    }

    /** @return whether the checkpoint opened */
    private static boolean load(byte[] bytes) throws IOException {
        Path file = dir.resolve("input" + inputs++ + ".gguf");
        Files.write(file, bytes);
        try {
            boolean opened = FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> open(file, bytes.length));
            assertEquals(0, POOL.stats().bytesInUse(), "pool bytes in use after the input");
            assertFalse(Maps.isMapped(file), "the file stays mapped after the input");
            return opened;
        } finally {
            Files.delete(file);
        }
    }

    private static void open(Path file, long size) throws IOException {
        METERED.reset();
        try (Checkpoint c = LOADER.open(file, LoadProgress.NONE)) {
            long bound = POOL_PER_BYTE * size + 4096;
            assertTrue(METERED.requested() <= bound, () -> "the loader asked the pool for " + METERED.requested()
                    + " bytes for a " + size + "-byte file");
            assertEquals(c.config().layers(), c.layers().size(), "layers");
            TokenizerSource source = c.tokenizer();
            if (source.json() != null) {
                TokenizerJson.read(new ByteArrayInputStream(source.json().getBytes(StandardCharsets.UTF_8)))
                        .encode(SAMPLE, true);
            }
        }
    }
}
