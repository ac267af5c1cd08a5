package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;

/**
 * Closing a model closes its sessions, gives every pool byte of its weights, LM head and caches back, and takes it
 * off the loader's list, while a model loaded before it stays usable.
 */
class ModelCloseTest {

    @ParameterizedTest(name = "{0}, int8 head {1}")
    @CsvSource({"hf-autobitlinear, false", "hf-autobitlinear, true", "hf-bitlinear-sharded, false",
        "hf-latent-f32, true", "gguf-i2s.gguf, false", "gguf-tq2/model.gguf, true", "gguf-tq1-q8.gguf, false",
        "gguf-f16-bitnet25.gguf, true"})
    void closingAModelClosesItsSessionsAndReturnsItsMemory(String variant, boolean int8Head) {
        int[] prompt = Goldens.greedy("model-a").prompt();
        GenerationOptions options = GenerationOptions.greedy().withMaxTokens(3).withIgnoreStopTokens(true);
        try (Runtime rt = new Runtime(true, Precision.F32)) {
            long empty = rt.pool.stats().bytesInUse();
            Model earlier = rt.load("hf-latent-f32");
            long before = rt.pool.stats().bytesInUse();
            Model model = rt.loader.load(Runtime.tiny().resolve(variant),
                    LoadOptions.defaults().withLmHeadInt8(int8Head));
            assertEquals(List.of(earlier, model), rt.loader.loaded(), "oldest first");
            assertTrue(rt.pool.stats().bytesInUse() > before || model.info().convertedBytes() == 0,
                    "converted weights are pool memory");

            Session a = model.newSession();
            Session b = model.newSession(16);
            a.generate(prompt, options, TokenListener.NONE);
            b.prefill(new int[] {1, 2, 3}, true).close();
            model.close();

            assertEquals(before, rt.pool.stats().bytesInUse(), "every byte of the model and its sessions returned");
            assertEquals(0, model.kvCacheBytes());
            assertEquals(List.of(earlier), rt.loader.loaded());
            for (Runnable call : List.<Runnable>of(() -> a.generate(new int[0], options, TokenListener.NONE),
                    () -> a.prefill(prompt, false), () -> b.chat(List.of(ChatMessage.user("Hi")), options,
                            TokenListener.NONE), () -> b.truncate(0), () -> model.newSession())) {
                InferenceException e = assertThrows(InferenceException.class, call::run);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
            a.close();
            model.close();

            try (Session s = earlier.newSession()) {
                assertEquals(3, s.generate(prompt, options, TokenListener.NONE).tokens().length,
                        "the other model still runs");
            }
            earlier.close();
            assertEquals(List.of(), rt.loader.loaded());
            assertEquals(empty, rt.pool.stats().bytesInUse());
        }
    }
}
