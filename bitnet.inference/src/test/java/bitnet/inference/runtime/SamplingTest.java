package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;

/**
 * Sampling through a session: a seed fixes the tokens (across sessions and across two independently built
 * platforms), another seed gives others, and temperature 0 is greedy whatever else the options say.
 */
class SamplingTest {
    private static final Goldens.Greedy REF = Goldens.greedy("model-a");
    private static final int TOKENS = 30;

    /** Temperature 1 over the whole vocabulary: on these random models many tokens are likely at every step. */
    private static GenerationOptions sampled(long seed) {
        return GenerationOptions.defaults().withTemperature(1f).withTopK(0).withTopP(1f).withMinP(0f)
                .withSeed(seed).withMaxTokens(TOKENS).withIgnoreStopTokens(true);
    }

    private static int[] generate(Model model, GenerationOptions options) {
        try (Session s = model.newSession()) {
            return s.generate(REF.prompt(), options, TokenListener.NONE).tokens();
        }
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        int[] first;
        int[] again;
        int[] otherSeed;
        try (Runtime rt = new Runtime(true, Precision.F32); Model model = rt.load("hf-autobitlinear")) {
            first = generate(model, sampled(42));
            again = generate(model, sampled(42));
            otherSeed = generate(model, sampled(43));
        }
        int[] otherRuntime;
        try (Runtime rt = new Runtime(true, Precision.F32); Model model = rt.load("hf-autobitlinear")) {
            otherRuntime = generate(model, sampled(42));
        }
        assertEquals(TOKENS, first.length);
        assertTrue(Arrays.stream(first).allMatch(t -> t >= 0 && t < 512), Arrays.toString(first));
        assertArrayEquals(first, again, "same seed, same session options");
        assertArrayEquals(first, otherRuntime, "same seed on a second platform instance");
        assertFalse(Arrays.equals(first, otherSeed), "seed 43 gave seed 42's tokens: " + Arrays.toString(first));
        assertFalse(Arrays.equals(REF.generated(), Arrays.copyOf(first, 10)),
                "sampling at temperature 1 is not greedy");
    }

    @Test
    void temperatureZeroIsGreedyWhateverTheOtherOptions() {
        try (Runtime rt = new Runtime(true, Precision.F32); Model model = rt.load("hf-autobitlinear")) {
            GenerationOptions options = GenerationOptions.defaults().withTemperature(0).withSeed(7L).withMaxTokens(10)
                    .withIgnoreStopTokens(true);
            assertArrayEquals(REF.generated(), generate(model, options));
            assertArrayEquals(REF.generated(), generate(model, options.withSeed(8L)));
        }
    }
}
