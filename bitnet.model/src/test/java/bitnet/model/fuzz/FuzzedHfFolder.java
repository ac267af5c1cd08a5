package bitnet.model.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LoadProgress;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;
import bitnet.model.CheckpointLoaderComponent;
import bitnet.model.fixtures.HfFolder;
import bitnet.model.fixtures.Maps;
import bitnet.model.fixtures.TinyModel;
import bitnet.testsupport.FuzzContract;
import bitnet.testsupport.MeteredPool;

/**
 * A tiny Hugging Face model folder ({@link HfFolder}: packed ternary projections of the autobitlinear class) whose
 * files are all valid but one, which each fuzz input replaces; then the folder is opened. Checks besides
 * {@link FuzzContract}: the loader asks the pool for at most {@link #POOL_PER_BYTE} bytes per byte of the folder's
 * files, and after the input the pool has every byte back and no file of the folder is mapped.
 */
final class FuzzedHfFolder {
    static final TinyModel MODEL = new TinyModel(7, 8, 32, 64, 1, 2, 1);
    static final long POOL_PER_BYTE = 16;
    /** Heap per input byte: the JSON tree of a config.json or safetensors header, and what is built from it. */
    static final long HEAP_PER_BYTE = 512;

    private final HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults().withLimit(64 << 20));
    private final MeteredPool metered = new MeteredPool(pool);
    private final CheckpointLoaderComponent loader = new CheckpointLoaderComponent(new PooledTensorFactory(metered));
    private final Path folder;
    private final String fuzzed;

    /**
     * @param folder where to write the folder
     * @param fuzzed the name of the file each input replaces
     */
    FuzzedHfFolder(Path folder, String fuzzed) {
        this.folder = new HfFolder(MODEL, "autobitlinear", false).write(folder);
        this.fuzzed = fuzzed;
    }

    /** @return the bytes of a file the fixture writes, for seeds */
    static byte[] fixtureFile(HfFolder hf, String name) {
        try {
            Path dir = Files.createTempDirectory("hf-seed");
            hf.write(dir);
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the fuzzed file by {@code bytes} and opens the folder, for a seed that must open. */
    void openSeed(byte[] bytes) throws IOException {
        Path file = folder.resolve(fuzzed);
        Files.deleteIfExists(file);
        Files.write(file, bytes);
        try (Checkpoint c = loader.open(folder, LoadProgress.NONE)) {
            assertEquals(MODEL.layers.size(), c.layers().size(), "layers");
        }
        assertEquals(0, pool.stats().bytesInUse(), "pool bytes in use after the seed");
    }

    /**
     * Replaces the fuzzed file by {@code bytes}, opens the folder, and checks what the contract asks.
     *
     * @return whether the folder opened
     */
    boolean open(byte[] bytes) throws IOException {
        Path file = folder.resolve(fuzzed);
        // A new file, not one rewritten in place: a mapping leaked by the previous input must not see it change.
        Files.deleteIfExists(file);
        Files.write(file, bytes);
        long folderBytes;
        try (var files = Files.list(folder)) {
            folderBytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        boolean opened = FuzzContract.holds(bytes.length, HEAP_PER_BYTE, () -> {
            metered.reset();
            try (Checkpoint c = loader.open(folder, LoadProgress.NONE)) {
                long bound = POOL_PER_BYTE * folderBytes + 4096;
                assertTrue(metered.requested() <= bound, () -> "the loader asked the pool for " + metered.requested()
                        + " bytes for a folder of " + folderBytes + " bytes");
                assertEquals(c.config().layers(), c.layers().size(), "layers");
            }
        });
        assertEquals(0, pool.stats().bytesInUse(), "pool bytes in use after the input");
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                assertFalse(Maps.isMapped(f), () -> f.getFileName() + " stays mapped after the input");
            }
        }
        return opened;
    }
}
