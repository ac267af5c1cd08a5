package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;
import bitnet.model.CheckpointLoaderComponent;
import bitnet.tokenizer.service.FileTokenizerFactory;

/**
 * The KV cache precision a {@link InferenceLoader.KvPlanner} decides: F32 and F16 caches of the expected size
 * (layers x 2 x capacity x kvHeads x headDim elements, from the README's shapes), INT8 refused with a message that
 * names it and what is supported, without leaking pool memory.
 */
class KvCachePrecisionTest {

    private static InferenceLoader loader(Runtime rt, InferenceLoader.KvPlanner planner) {
        return new InferenceLoader(new CheckpointLoaderComponent(rt.factory), rt.ops, rt.factory,
                new FileTokenizerFactory(), planner);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hf-autobitlinear, 2, 2, 64", "hf-bitlinear-sharded, 3, 8, 32", "hf-latent-f32, 1, 1, 64"})
    void anF16CacheTakesHalfTheBytesOfAnF32One(String variant, int layers, int kvHeads, int headDim) {
        int capacity = 64;
        long elements = (long) layers * 2 * capacity * kvHeads * headDim;
        long f32;
        long f16;
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load(variant)) {
            assertEquals(Precision.F32, model.info().kvCache());
            f32 = sessionBytes(rt, model, capacity);
        }
        try (Runtime rt = new Runtime(false, Precision.F16); Model model = rt.load(variant)) {
            assertEquals(Precision.F16, model.info().kvCache());
            f16 = sessionBytes(rt, model, capacity);
        }
        assertEquals(4 * elements, f32);
        assertEquals(2 * elements, f16);
    }

    /** Opens a session, checks the pool holds its cache and that it runs, and returns the model's cache bytes. */
    private static long sessionBytes(Runtime rt, Model model, int capacity) {
        long before = rt.pool.stats().bytesInUse();
        long bytes;
        try (Session s = model.newSession(capacity)) {
            bytes = model.kvCacheBytes();
            assertEquals(bytes, ((ModelSession) s).cacheBytes());
            assertTrue(rt.pool.stats().bytesInUse() - before >= bytes, "the cache is pool memory");
            int[] prompt = Goldens.greedy("model-a").prompt();
            assertEquals(10, s.generate(prompt, GenerationOptions.greedy().withMaxTokens(10).withIgnoreStopTokens(true),
                    TokenListener.NONE).tokens().length);
            try (Session second = model.newSession(capacity)) {
                assertEquals(2 * bytes, model.kvCacheBytes(), "the caches of every open session");
            }
        }
        assertEquals(0, model.kvCacheBytes());
        assertEquals(before, rt.pool.stats().bytesInUse());
        return bytes;
    }

    @Test
    void anInt8CacheIsRefusedByNameWithTheSupportedPrecisions() {
        List<String> policies = new ArrayList<>();
        try (Runtime rt = new Runtime(false, Precision.F32)) {
            InferenceLoader loader = loader(rt, policy -> {
                policies.add(policy);
                return (config, capacity) -> capacity > 32 ? Precision.INT8 : Precision.F16;
            });
            try (Model model = loader.load(Runtime.tiny().resolve("hf-autobitlinear"),
                    LoadOptions.defaults().withPrecisionPolicy("memory-first"))) {
                assertEquals(List.of("memory-first"), policies, "the planner is asked under the load's policy");
                long before = rt.pool.stats().bytesInUse();
                InferenceException e = assertThrows(InferenceException.class, () -> model.newSession(64));
                for (String word : new String[] {"INT8", "F32", "F16"}) {
                    assertTrue(e.getMessage().contains(word), e.getMessage());
                }
                assertEquals(before, rt.pool.stats().bytesInUse(), "nothing allocated");
                assertEquals(0, model.kvCacheBytes());
                try (Session s = model.newSession(32)) {
                    assertEquals(2L * 2 * 32 * 2 * 64 * 2, model.kvCacheBytes(), "an F16 cache for 32 positions");
                    Goldens.Greedy ref = Goldens.greedy("model-a");
                    // F16 keys and values rarely move a greedy token on these models (ReferenceLogitsTest bounds
                    // the logits); the reference prompt's first two tokens have margins of 0.36 and 0.20.
                    assertArrayEquals(Goldens.range(ref.generated(), 0, 2), s.generate(ref.prompt(),
                            GenerationOptions.greedy().withMaxTokens(2), TokenListener.NONE).tokens());
                }
            }
        }
    }
}
