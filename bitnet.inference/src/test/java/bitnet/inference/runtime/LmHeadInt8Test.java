package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.model.Checkpoint;
import bitnet.api.model.LoadProgress;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.Tensor;
import bitnet.model.CheckpointLoaderComponent;

/**
 * The LM head held as int8 rows ({@link LoadOptions#withLmHeadInt8}) against the head as stored.
 *
 * <p>The bound: row i is held as {@code q * s_i} with {@code s_i = max_j |W_ij| / 127} and q rounded to nearest, so
 * each weight is off by at most {@code s_i / 2}, and logit i by at most {@code s_i / 2 * ||x||_1}. x is the final
 * RMSNorm's output {@code g * h / rms(h)}: {@code ||h / rms(h)||_2 <= sqrt(hidden)}, so
 * {@code ||x||_1 <= max|g| * sqrt(hidden) * ||h / rms(h)||_2 <= max|g| * hidden}. Hence
 * {@code |logit_int8 - logit| <= s_i / 2 * hidden * max|g|} for every position, plus float32 rounding (1e-4 allowed).
 * The weights and g are read from the checkpoint here, not from the runtime.
 */
class LmHeadInt8Test {
    private static final float FLOAT_SLACK = 1e-4f;

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"hf-autobitlinear, model-a", "hf-bitlinear-sharded, model-b", "gguf-f16-bitnet25.gguf, model-b",
        "hf-latent-f32, model-c"})
    void logitsStayWithinTheRoundingBoundAndGreedyTokensAreUnchanged(String variant, String reference) {
        Goldens.Greedy ref = Goldens.greedy(reference);
        try (Runtime rt = new Runtime(true, Precision.F32)) {
            Path path = Runtime.tiny().resolve(variant);
            float[] rowBound;
            try (Checkpoint c = new CheckpointLoaderComponent(rt.factory).open(path, LoadProgress.NONE)) {
                rowBound = rowBounds(c);
            }
            float[] stored;
            long storedConverted;
            try (Model model = rt.loader.load(path, LoadOptions.defaults()); Session s = model.newSession();
                    Tensor t = s.prefill(ref.prompt(), true)) {
                stored = t.toFloatArray();
                storedConverted = model.info().convertedBytes();
                assertFalse(model.info().lmHead().startsWith("INT8"), model.info().lmHead());
            }
            try (Model model = rt.loader.load(path, LoadOptions.defaults().withLmHeadInt8(true))) {
                int vocab = model.config().vocabSize();
                int hidden = model.config().hiddenSize();
                assertTrue(model.info().lmHead().startsWith("INT8"), model.info().lmHead());
                assertEquals((long) vocab * hidden + 4L * vocab, model.info().convertedBytes() - storedConverted,
                        "int8 rows and one F32 scale per row");
                float[] int8;
                try (Session s = model.newSession(); Tensor t = s.prefill(ref.prompt(), true)) {
                    int8 = t.toFloatArray();
                }
                float worst = 0;
                float worstBound = 0;
                for (int k = 0; k < int8.length; k++) {
                    float d = Math.abs(int8[k] - stored[k]);
                    float bound = rowBound[k % vocab] + FLOAT_SLACK;
                    assertTrue(d <= bound, "position " + k / vocab + " token " + k % vocab + ": " + d + " > " + bound);
                    worst = Math.max(worst, d);
                    worstBound = Math.max(worstBound, bound);
                }
                System.out.printf("%s: int8 LM head, max |logit difference| %.3g (bound up to %.3g)%n", variant,
                        worst, worstBound);
                try (Session s = model.newSession()) {
                    int[] tokens = s.generate(ref.prompt(), GenerationOptions.greedy().withMaxTokens(10)
                            .withIgnoreStopTokens(true), TokenListener.NONE).tokens();
                    assertArrayEquals(ref.generated(), tokens, variant + ": greedy tokens with the int8 head (max "
                            + "logit difference " + worst + ", smallest reference margin above 0.027)");
                }
            }
        }
    }

    /** {@code max_j |W_ij| / 127 / 2 * hidden * max|g|} for every row i of the stored head. */
    private static float[] rowBounds(Checkpoint c) {
        Tensor head = c.lmHead().orElse(c.embedding());
        float[] w = head.toFloatArray();
        float gMax = 0;
        for (float g : c.finalNorm().toFloatArray()) {
            gMax = Math.max(gMax, Math.abs(g));
        }
        int rows = (int) head.dim(0);
        int cols = (int) head.dim(1);
        float[] bound = new float[rows];
        for (int i = 0; i < rows; i++) {
            float max = 0;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, Math.abs(w[i * cols + j]));
            }
            bound[i] = max / 127f / 2f * cols * gMax;
        }
        return bound;
    }
}
