package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.inference.Model;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Several sequences in one pass give each exactly the logits it gets alone: prompts of different lengths prefilled
 * together, then decode steps of all of them together at different positions.
 */
class BatchedForwardTest {
    private static final int[][] PROMPTS = {{278, 446, 287, 81, 421}, {12, 99}, {400, 3, 3, 3, 17, 250, 1}};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void batchedLogitsEqualEachSequenceAlone(boolean simd) {
        try (Runtime rt = new Runtime(simd, Precision.F32); Model model = rt.load("gguf-i2s.gguf")) {
            Transformer t = ((LoadedModel) model).transformer();
            List<KvCache> alone = new ArrayList<>();
            List<KvCache> batched = new ArrayList<>();
            try {
                List<Transformer.Step> steps = new ArrayList<>();
                List<float[]> want = new ArrayList<>();
                for (int[] p : PROMPTS) {
                    KvCache a = new KvCache(rt.factory, model.config(), 32, DType.F32);
                    alone.add(a);
                    try (Tensor l = t.forward(a, p, true)) {
                        want.add(l.toFloatArray());
                    }
                    KvCache b = new KvCache(rt.factory, model.config(), 32, DType.F32);
                    batched.add(b);
                    steps.add(new Transformer.Step(b, p, true));
                }
                List<Tensor> got = t.forward(steps);
                for (int i = 0; i < PROMPTS.length; i++) {
                    try (Tensor g = got.get(i)) {
                        assertArrayEquals(want.get(i), g.toFloatArray(), 0f, "prompt " + i);
                    }
                }
                // Decode: one token each, at positions 5, 2 and 7.
                int[] next = {7, 8, 9};
                steps.clear();
                want.clear();
                for (int i = 0; i < PROMPTS.length; i++) {
                    try (Tensor l = t.forward(alone.get(i), new int[] {next[i]}, false)) {
                        want.add(l.toFloatArray());
                    }
                    steps.add(new Transformer.Step(batched.get(i), new int[] {next[i]}, false));
                }
                got = t.forward(steps);
                for (int i = 0; i < PROMPTS.length; i++) {
                    try (Tensor g = got.get(i)) {
                        assertEquals(1, g.dim(0));
                        assertArrayEquals(want.get(i), g.toFloatArray(), 0f, "decode " + i);
                    }
                    assertEquals(PROMPTS[i].length + 1, batched.get(i).length());
                }
            } finally {
                alone.forEach(KvCache::close);
                batched.forEach(KvCache::close);
            }
        }
    }
}
