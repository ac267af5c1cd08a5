package bitnet.model.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.model.fixtures.HfFolder;

/**
 * Fuzzes the reading of a Hugging Face {@code config.json}: the file of a tiny folder whose other files are valid
 * ({@link FuzzedHfFolder}, which states the checks). Seeds: the fixture's config for the folder's model (both linear
 * classes) and the configs of the tiny checkpoints in {@code src/test/resources/tiny}; found inputs are in
 * {@code HfConfigFuzzTestInputs/fuzz}.
 */
class HfConfigFuzzTest {
    @TempDir
    static Path dir;
    private static FuzzedHfFolder folder;

    static Stream<byte[]> seeds() {
        Stream<byte[]> fixture = Stream.of("autobitlinear", "bitlinear")
                .map(linear -> FuzzedHfFolder.fixtureFile(new HfFolder(FuzzedHfFolder.MODEL, linear, false),
                        "config.json"));
        Stream<byte[]> tiny = Stream.of("hf-autobitlinear", "hf-bitlinear-sharded", "hf-latent-f32")
                .map(name -> resource("/tiny/" + name + "/config.json"));
        return Stream.concat(fixture, tiny);
    }

    private static byte[] resource(String name) {
        try (var in = HfConfigFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @MethodSource("seeds")
    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] bytes) throws IOException {
        folder().open(bytes);
    }

    /** The fixture's own files open: the fuzzer starts from deep inside the loader, not at its first check. */
    @Test
    void fixtureSeedsOpen() throws IOException {
        for (byte[] seed : seeds().limit(2).toList()) {
            folder().openSeed(seed);
        }
    }

    private static FuzzedHfFolder folder() {
        if (folder == null) {
            folder = new FuzzedHfFolder(dir.resolve("model"), "config.json");
        }
        return folder;
    }
}
