package bitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import bitnet.api.model.Checkpoint;
import bitnet.model.fixtures.GgufWriter;
import bitnet.model.fixtures.Loading;
import bitnet.model.fixtures.TinyGguf;
import bitnet.model.fixtures.TinyModel;

/** What the loader makes of the path it is given. */
class CheckpointLoaderComponentTest {
    @TempDir
    Path dir;
    private final Loading loading = new Loading();

    @AfterEach
    void close() {
        loading.close();
    }

    private Path tinyGguf(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file.resolveSibling("tokenizer.json"), "{\"model\": {\"vocab\": {}}}");
        return new TinyGguf(new TinyModel(1, 16, 64, 128, 1, 4, 2), "bitnet-b1.58", (l, p) -> GgufWriter.I2_S,
                false).gguf.write(file);
    }

    @Test
    void missingPath() {
        Path missing = dir.resolve("nothing-here");
        loading.fails(missing, missing, "no such file or folder: " + missing.toAbsolutePath());
    }

    @Test
    void folderWithNeitherConfigNorGguf() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(folder.resolve("README.md"), "hello");
        loading.fails(folder, folder, "config.json", ".gguf", "expected one of them");
    }

    @Test
    void folderWithOneGgufOpensIt() throws IOException {
        Path file = tinyGguf(dir.resolve("m").resolve("ggml-model-i2_s.gguf"));
        try (Checkpoint c = loading.open(file.getParent())) {
            assertEquals("gguf", c.format());
            assertEquals(file, c.source());
        }
    }

    @Test
    void folderWithSeveralGgufFilesAsksForOne() throws IOException {
        Path a = tinyGguf(dir.resolve("m").resolve("a.gguf"));
        tinyGguf(dir.resolve("m").resolve("b.gguf"));
        loading.fails(a.getParent(), a.getParent(), "2 .gguf files", "a.gguf", "b.gguf");
    }

    @Test
    void safetensorsFileAsksForItsFolder() throws IOException {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("m")).resolve("model.safetensors"), "x");
        loading.fails(file, file, "open the folder", "config.json");
    }

    @Test
    void otherFileIsNotGguf() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "just text");
        loading.fails(file, file, "not a GGUF file");
    }
}
