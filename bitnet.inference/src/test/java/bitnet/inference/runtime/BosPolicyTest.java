package bitnet.inference.runtime;

import static bitnet.inference.runtime.Goldens.concat;
import static bitnet.inference.runtime.Goldens.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.inference.Model;
import bitnet.api.precision.Precision;

/**
 * {@link Model#encodePrompt}: exactly one BOS first, for Hugging Face folders (whose tokenizer's post-processor adds
 * it) and GGUF files ({@code add_bos_token}, or the tokenizer.json beside the file), whether the text starts with
 * {@code <|begin_of_text|>} or not. Expected ids: chat-reference.json (the generator's own BPE encoder) and the
 * reference prompt of greedy.json ("The quick brown fox jumps ov", its first 12 tokens).
 */
class BosPolicyTest {
    private static final String BOS_TEXT = "<|begin_of_text|>";
    private static final int BOS = 509;

    @ParameterizedTest
    @ValueSource(strings = {"hf-autobitlinear", "hf-bitlinear-sharded", "hf-latent-f32", "gguf-i2s.gguf",
        "gguf-tq1-q8.gguf", "gguf-f16-bitnet25.gguf"})
    void aPromptStartsWithExactlyOneBos(String variant) {
        assertOneBos(variant);
    }

    /**
     * gguf-tq2/model.gguf has no tokenizer.* keys; its tokenizer.json and tokenizer_config.json (bos_token
     * "<|begin_of_text|>") lie beside it, and the BOS id comes from there.
     */
    @Test
    void aGgufWhoseTokenizerLiesBesideItHasOneBosToo() {
        assertOneBos("gguf-tq2/model.gguf");
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load("gguf-tq2/model.gguf")) {
            for (JsonNode c : Goldens.chatReference()) {
                assertEquals(c.get("rendered").asText(), model.renderChat(Goldens.messages(c.get("messages")), true));
            }
        }
    }

    private static void assertOneBos(String variant) {
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load(variant)) {
            int[] prompt = Goldens.greedy("model-a").prompt();
            assertArrayEquals(concat(new int[] {BOS}, prompt), model.encodePrompt("The quick brown fox jumps ov"));
            assertArrayEquals(new int[] {BOS}, model.encodePrompt(""));
            assertArrayEquals(new int[] {BOS}, model.encodePrompt(BOS_TEXT));
            for (JsonNode c : Goldens.chatReference()) {
                String rendered = c.get("rendered").asText();
                int[] want = ints(c.get("ids"));
                assertTrue(rendered.startsWith(BOS_TEXT) && want[0] == BOS && want[1] != BOS, rendered);
                assertArrayEquals(want, model.encodePrompt(rendered), "text with its own BOS");
                assertArrayEquals(want, model.encodePrompt(rendered.substring(BOS_TEXT.length())), "text without");
                assertArrayEquals(want, model.encodePrompt(BOS_TEXT + rendered), "text with two");
            }
        }
    }
}
