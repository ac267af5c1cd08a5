package bitnet.model.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.model.fixtures.HfFolder;

/**
 * Fuzzes the safetensors reader: {@code model.safetensors} of a tiny Hugging Face folder whose other files are valid
 * ({@link FuzzedHfFolder}, which states the checks). Seeds: the fixture's file for the folder's model, tied and
 * with an lm_head; found inputs are in {@code SafetensorsFuzzTestInputs/fuzz}.
 */
class SafetensorsFuzzTest {
    @TempDir
    static Path dir;
    private static FuzzedHfFolder folder;

    static Stream<byte[]> seeds() {
        return Stream.of(new HfFolder(FuzzedHfFolder.MODEL, "autobitlinear", false),
                new HfFolder(FuzzedHfFolder.MODEL, "autobitlinear", true))
                .map(hf -> FuzzedHfFolder.fixtureFile(hf, "model.safetensors"));
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
            folder = new FuzzedHfFolder(dir.resolve("model"), "model.safetensors");
        }
        return folder;
    }
}
