package bitnet.tokenizer.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.tokenizer.Encoding;
import bitnet.testsupport.FuzzContract;
import bitnet.tokenizer.json.TokenizerJson;
import bitnet.tokenizer.pipeline.PipelineTokenizer;

/**
 * Fuzzes the {@code tokenizer.json} loader: each input is read as the file, and a tokenizer it yields encodes and
 * decodes a short sample. The contract of {@link FuzzContract}: a TokenizerException (or an IOException, which
 * {@link TokenizerJson#read(java.io.InputStream)} declares) or a working tokenizer. The regex sanitizer is off in
 * this module (junit-platform.properties): a tokenizer.json carries its own regular expressions, and a bad one is
 * refused with a TokenizerException on purpose. Corpus: {@code TokenizerJsonFuzzTestInputs/fuzz}, the fixtures cut
 * down by {@code src/test/python/make_fuzz_seeds.py}.
 */
class TokenizerJsonFuzzTest {
    /** Short, so that a pathological regular expression in the file cannot turn the encode into a hang. */
    private static final String SAMPLE = "Hi, wörld 42! <s>\n\u4e2d\ud83d\ude00";
    /** Heap per byte of JSON: the tree, then the vocabulary maps and merge tables built from it. */
    private static final long HEAP_PER_BYTE = 512;

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] json) {
        loads(json);
    }

    /** The cut-down fixtures are working tokenizers: the fuzzer starts from files that reach every component. */
    @Test
    void seedsLoad() throws IOException {
        for (String name : List.of("llama3", "mistral", "gpt2", "bert-base-uncased", "word-level")) {
            try (InputStream in = getClass().getResourceAsStream("TokenizerJsonFuzzTestInputs/fuzz/" + name + ".json")) {
                assertTrue(loads(in.readAllBytes()), () -> name + " does not load");
            }
        }
    }

    /** @return whether the JSON gave a tokenizer that encodes and decodes the sample */
    private static boolean loads(byte[] json) {
        return FuzzContract.holds(json.length, HEAP_PER_BYTE, () -> {
            PipelineTokenizer tokenizer = TokenizerJson.read(new ByteArrayInputStream(json));
            Encoding e = tokenizer.encode(SAMPLE, true);
            tokenizer.decode(e.ids(), false);
            tokenizer.decode(e.ids(), true);
        }, IOException.class);
    }
}
