package bitnet.tokenizer.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.tokenizer.pipeline.PipelineTokenizer;
import bitnet.tokenizer.pipeline.Tokenizers;

/** Every record and batch case Hugging Face's Rust library produced must come out identical. */
class GoldenTest {
    static final List<String> NAMES = Fixtures.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void everyRecordMatchesHuggingFace(String name) {
        List<JsonNode> records = Fixtures.golden(name);
        assertTrue(records.size() > 2000, "fixture " + name + " has " + records.size() + " records");
        List<String> bad = GoldenCheck.records(Fixtures.tokenizer(name), records);
        assertEquals(List.of(), bad.subList(0, Math.min(5, bad.size())), bad.size() + " of " + records.size()
                + " records differ");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void randomTextsMatchHuggingFace(String name) {
        List<JsonNode> records = Fixtures.fuzz(name);
        assertEquals(1500, records.size());
        List<String> bad = GoldenCheck.records(Fixtures.tokenizer(name), records);
        assertEquals(List.of(), bad.subList(0, Math.min(5, bad.size())), bad.size() + " of " + records.size()
                + " random texts differ");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void everyBatchCaseMatchesHuggingFace(String name) {
        JsonNode batch = Fixtures.batch(name);
        assertEquals(5, batch.get("cases").size(), "batch cases of " + name);
        List<String> bad = GoldenCheck.batch(Fixtures.tokenizer(name), batch);
        assertEquals(List.of(), bad);
    }

    @Test
    void gpt2VocabAndMergesMatchTheGpt2Fixture(@TempDir Path dir) throws IOException {
        Path vocab = Fixtures.extract("models/gpt2.vocab.json.gz", dir.resolve("vocab.json"));
        Fixtures.extract("models/gpt2.merges.txt.gz", dir.resolve("merges.txt"));
        PipelineTokenizer tok = Tokenizers.load(vocab);
        List<String> bad = GoldenCheck.records(tok, Fixtures.golden("gpt2"));
        assertEquals(List.of(), bad.subList(0, Math.min(5, bad.size())), bad.size() + " records differ");
        assertEquals(List.of(), GoldenCheck.batch(tok, Fixtures.batch("gpt2")));
    }

    @Test
    void bertVocabTxtMatchesTheBertFixture(@TempDir Path dir) throws IOException {
        Path vocab = Fixtures.extract("models/bert-base-uncased.vocab.txt.gz", dir.resolve("vocab.txt"));
        PipelineTokenizer tok = Tokenizers.load(vocab);
        List<String> bad = GoldenCheck.records(tok, Fixtures.golden("bert-base-uncased"));
        assertEquals(List.of(), bad.subList(0, Math.min(5, bad.size())), bad.size() + " records differ");
        assertEquals(List.of(), GoldenCheck.batch(tok, Fixtures.batch("bert-base-uncased")));
    }
}
