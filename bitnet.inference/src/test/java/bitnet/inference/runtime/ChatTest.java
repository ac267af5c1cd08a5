package bitnet.inference.runtime;

import static bitnet.inference.runtime.Goldens.LOGIT_TOLERANCE;
import static bitnet.inference.runtime.Goldens.argmax;
import static bitnet.inference.runtime.Goldens.assertClose;
import static bitnet.inference.runtime.Goldens.commonPrefix;
import static bitnet.inference.runtime.Goldens.concat;
import static bitnet.inference.runtime.Goldens.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.Tensor;

/**
 * Chat: the model's template and BOS policy against Jinja2 and the generator's BPE encoder (chat-reference.json), and
 * two {@link Session#chat} turns against the float64 reference (session-goldens.json), the second reusing the cache.
 */
class ChatTest {
    private static final int BOS = 509;

    @ParameterizedTest
    @ValueSource(strings = {"hf-autobitlinear", "hf-bitlinear-sharded", "hf-latent-f32", "gguf-i2s.gguf",
        "gguf-tq1-q8.gguf", "gguf-f16-bitnet25.gguf", "gguf-tq2/model.gguf"})
    void renderAndEncodeGiveJinja2sTextAndTheReferenceIds(String variant) {
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load(variant)) {
            for (JsonNode c : Goldens.chatReference()) {
                List<ChatMessage> messages = Goldens.messages(c.get("messages"));
                assertEquals(c.get("rendered").asText(), model.renderChat(messages, true));
                int[] ids = model.encodeChat(messages, true);
                // The template writes BOS, the tokenizer's post-processor adds one; the model keeps one.
                assertArrayEquals(ints(c.get("ids")), ids, c.get("rendered").asText());
                assertEquals(1, IntStream.of(ids).filter(t -> t == BOS).count());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-autobitlinear", "gguf-i2s.gguf"})
    void aSecondTurnReusesTheCacheAndMatchesAFreshSession(String variant) {
        JsonNode chat = Goldens.session().get("chat");
        JsonNode turn1 = chat.get("turns").get(0);
        JsonNode turn2 = chat.get("turns").get(1);
        GenerationOptions options = GenerationOptions.greedy().withMaxTokens(chat.get("max_tokens").asInt());
        List<ChatMessage> first = Goldens.messages(turn1.get("messages"));
        List<ChatMessage> conversation = Goldens.messages(turn2.get("messages"));
        List<ChatMessage> next = conversation.subList(first.size() + 1, conversation.size());
        try (Runtime rt = new Runtime(true, Precision.F32); Model model = rt.load(variant);
                Session s = model.newSession()) {
            GenerationResult r1 = s.chat(first, options, TokenListener.NONE);
            int[] ids1 = ints(turn1.get("ids"));
            assertArrayEquals(ints(turn1.get("answer_ids")), r1.tokens());
            assertEquals(turn1.get("answer_text").asText(), r1.text());
            assertEquals(FinishReason.LENGTH, r1.finishReason());
            assertEquals(ids1.length, r1.promptTokens());

            GenerationResult r2 = s.chat(next, options, TokenListener.NONE);
            int[] whole = model.encodeChat(conversation, true);
            assertArrayEquals(ints(turn2.get("ids")), whole);
            assertArrayEquals(ints(turn2.get("answer_ids")), r2.tokens());
            assertEquals(turn2.get("answer_text").asText(), r2.text());
            // The session held turn 1's prompt and answer (its last token pending); what the new rendering shares
            // with that stays in the cache, at least the last rendered token is fed.
            int[] held = concat(ids1, r1.tokens());
            int kept = Math.min(commonPrefix(held, whole), held.length - 1);
            assertTrue(kept > 0 && kept < whole.length, "kept " + kept);
            assertEquals(whole.length - kept, r2.promptTokens(), "prompt tokens of the second turn");

            List<ChatMessage> history = new ArrayList<>(conversation);
            history.add(ChatMessage.assistant(r2.text()));
            assertEquals(history, s.history());
            assertEquals(ChatMessage.assistant(r1.text()), s.history().get(first.size()));

            // The same conversation in a fresh session: the same first answer token, the same next logits.
            int probe = 100;
            try (Session fresh = model.newSession(); Tensor start = fresh.prefill(whole, false)) {
                assertEquals(r2.tokens()[0], argmax(start.toFloatArray()));
            }
            try (Session fresh = model.newSession();
                    Tensor want = fresh.prefill(concat(whole, r2.tokens(), new int[] {probe}), false);
                    Tensor got = s.prefill(new int[] {probe}, false)) {
                assertClose(want.toFloatArray(), got.toFloatArray(), LOGIT_TOLERANCE, "after two turns");
            }
        }
    }
}
