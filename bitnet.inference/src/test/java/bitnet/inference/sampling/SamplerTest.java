package bitnet.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.InferenceException;

/** Hand-computed distributions, cut points and penalties; seeded draws checked by frequency and by replay. */
class SamplerTest {
    private static final double EPS = 1e-6;

    /** Temperature 1, nothing truncated, no penalties, seed 1. */
    private static GenerationOptions plain() {
        return GenerationOptions.defaults().withTemperature(1f).withTopK(0).withTopP(1f).withMinP(0f).withSeed(1L);
    }

    private static float[] logProbs(double... p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = (float) Math.log(p[i]);
        }
        return l;
    }

    private static int[] kept(Sampler s) {
        int[] ids = new int[s.candidateCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = s.candidateId(i);
        }
        return ids;
    }

    private static int[] keptAfter(GenerationOptions o, float[] logits) {
        Sampler s = new Sampler(o, logits.length);
        s.prepare(logits.clone());
        return kept(s);
    }

    @Test
    void greedyTakesTheHighestLogitWithTiesToTheLowestId() {
        Sampler s = new Sampler(GenerationOptions.greedy(), 4);
        assertEquals(1, s.sample(new float[] {1, 3, 3, 2}));
        assertEquals(2, s.sample(new float[] {Float.NEGATIVE_INFINITY, -1, 0, 0}));
    }

    @Test
    void greedyAppliesPenaltiesFirst() {
        Sampler s = new Sampler(GenerationOptions.greedy().withRepeatPenalty(2f, 64), 3);
        s.accept(0);
        // 2 / 2 = 1 < 1.5
        assertEquals(1, s.sample(new float[] {2, 1.5f, 0}));
    }

    @Test
    void penaltiesFollowTheLlamaCppDefinitions() {
        GenerationOptions o = GenerationOptions.greedy().withRepeatPenalty(2f, 64).withPenalties(0.5f, 0.25f);
        Sampler s = new Sampler(o, 4);
        s.accept(0, 1, 1);
        float[] logits = {2, -2, 1, 0.5f};
        s.sample(logits);
        // token 0 (once): 2 / 2 - 0.25 - 0.5; token 1 (twice): -2 * 2 - 2 * 0.25 - 0.5; 2 and 3 unseen.
        assertArrayEquals(new float[] {0.25f, -5f, 1f, 0.5f}, logits, 1e-6f);
    }

    @Test
    void theWindowForgetsOlderTokensAndRemembersSampledOnes() {
        Sampler s = new Sampler(GenerationOptions.greedy().withRepeatPenalty(2f, 1), 2);
        s.accept(0);
        assertEquals(1, s.sample(new float[] {3, 2})); // {1.5, 2}
        assertEquals(0, s.sample(new float[] {3, 2})); // 0 left the window of one, 1 entered: {3, 1}
        float[] logits = {3, 2};
        s.sample(logits);
        assertArrayEquals(new float[] {1.5f, 2}, logits, 0f);
    }

    @Test
    void aWindowOfMinusOneCountsTheWholeSession() {
        Sampler s = new Sampler(GenerationOptions.greedy().withRepeatPenalty(1f, -1).withPenalties(0f, 0.1f), 2);
        for (int i = 0; i < 40; i++) {
            s.accept(0);
        }
        float[] logits = {5, 0};
        s.sample(logits);
        assertEquals(1f, logits[0], 1e-5f); // 5 - 40 * 0.1
    }

    @Test
    void noPenaltyWindowLeavesLogitsAlone() {
        Sampler s = new Sampler(GenerationOptions.greedy().withRepeatPenalty(2f, 0).withPenalties(1f, 1f), 2);
        s.accept(0, 0);
        float[] logits = {3, 2};
        s.sample(logits);
        assertArrayEquals(new float[] {3, 2}, logits, 0f);
    }

    @Test
    void topKTwoKeepsExactlyTheTwoHighest() {
        Sampler s = new Sampler(plain().withTopK(2), 5);
        s.prepare(new float[] {1, 5, 3, 4, 2});
        assertArrayEquals(new int[] {1, 3}, kept(s));
        assertEquals(0.7310585786300049, s.candidateProbability(0), EPS); // e^5 / (e^5 + e^4)
        assertEquals(0.2689414213699951, s.candidateProbability(1), EPS);
        assertArrayEquals(new int[] {0, 1}, keptAfter(plain().withTopK(2), new float[] {2, 2, 2, 1}));
    }

    @Test
    void topPKeepsTheShortestRunReachingP() {
        float[] l = logProbs(0.05, 0.5, 0.15, 0.3);
        assertArrayEquals(new int[] {1}, keptAfter(plain().withTopP(0.45f), l));
        assertArrayEquals(new int[] {1, 3}, keptAfter(plain().withTopP(0.75f), l));
        assertArrayEquals(new int[] {1, 3, 2}, keptAfter(plain().withTopP(0.85f), l));
        Sampler s = new Sampler(plain().withTopP(0.75f), 4);
        s.prepare(l.clone());
        assertEquals(0.625, s.candidateProbability(0), EPS); // 0.5 / 0.8
        assertEquals(0.375, s.candidateProbability(1), EPS);
    }

    @Test
    void topPMeasuresWhatTopKKept() {
        float[] l = logProbs(0.05, 0.5, 0.15, 0.3);
        // Over all four, 0.5 < 0.6 so two stay; over top-2 (0.625, 0.375), the first alone reaches 0.6.
        assertArrayEquals(new int[] {1, 3}, keptAfter(plain().withTopP(0.6f), l));
        assertArrayEquals(new int[] {1}, keptAfter(plain().withTopK(2).withTopP(0.6f), l));
    }

    @Test
    void minPDropsTokensLessLikelyThanAFractionOfTheBest() {
        float[] l = logProbs(0.05, 0.5, 0.15, 0.3);
        assertArrayEquals(new int[] {1, 3, 2}, keptAfter(plain().withMinP(0.2f), l)); // >= 0.1
        assertArrayEquals(new int[] {1, 3}, keptAfter(plain().withMinP(0.5f), l)); // >= 0.25
        assertArrayEquals(new int[] {1}, keptAfter(plain().withMinP(0.61f), l)); // >= 0.305
        assertArrayEquals(new int[] {1, 3}, keptAfter(plain().withTopP(0.85f).withMinP(0.5f), l));
    }

    @Test
    void temperatureSharpensOrFlattensTheKeptDistribution() {
        Sampler s = new Sampler(plain().withTemperature(2f), 4);
        s.prepare(logProbs(0.05, 0.5, 0.15, 0.3));
        assertFalse(s.candidatesRanked());
        // T = 2: p^(1/2), renormalized
        double[] expected = {0.1198492074934152, 0.3789964714453117, 0.20758491662545975, 0.2935694044358133};
        for (int i = 0; i < 4; i++) {
            assertEquals(i, s.candidateId(i));
            assertEquals(expected[i], s.candidateProbability(i), EPS);
        }
    }

    private static double chiSquare(int[] observed, double[] expectedP, int n) {
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = expectedP[i] * n;
            chi += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi;
    }

    @Test
    void drawFrequenciesMatchTheDistribution() {
        int n = 20_000;
        Sampler s = new Sampler(plain().withSeed(7L), 4);
        float[] l = logProbs(0.1, 0.2, 0.3, 0.4);
        int[] seen = new int[4];
        for (int i = 0; i < n; i++) {
            seen[s.sample(l.clone())]++;
        }
        // 3 degrees of freedom: 16.27 is the 0.1 % critical value.
        assertTrue(chiSquare(seen, new double[] {0.1, 0.2, 0.3, 0.4}, n) < 16.27, Arrays.toString(seen));
    }

    @Test
    void drawFrequenciesAfterTopKAndTemperature() {
        int n = 20_000;
        Sampler s = new Sampler(plain().withSeed(8L).withTopK(2).withTemperature(0.5f), 4);
        float[] l = logProbs(0.1, 0.2, 0.3, 0.4);
        int[] seen = new int[4];
        for (int i = 0; i < n; i++) {
            seen[s.sample(l.clone())]++;
        }
        assertEquals(0, seen[0] + seen[1]);
        // kept {3, 2} with weights 0.4^2, 0.3^2 -> 0.64, 0.36; 1 degree of freedom: 10.83 at 0.1 %.
        double chi = chiSquare(new int[] {seen[3], seen[2]}, new double[] {0.64, 0.36}, n);
        assertTrue(chi < 10.83, Arrays.toString(seen));
    }

    @Test
    void drawsReplayAnIndependentSplitMix64Walk() {
        // Expected from a Python re-implementation of SplittableRandom(12345).nextDouble() times the total weight,
        // walked over exp(l - max) in id order.
        int[] expected = {1, 1, 1, 1, 2, 2, 1, 2, 2, 3, 1, 2, 3, 3, 3, 2};
        Sampler s = new Sampler(plain().withSeed(12345L), 4);
        float[] l = logProbs(0.1, 0.2, 0.3, 0.4);
        int[] got = new int[expected.length];
        for (int i = 0; i < got.length; i++) {
            got[i] = s.sample(l.clone());
        }
        assertArrayEquals(expected, got);
    }

    private static int[] run(GenerationOptions o, int vocab, int steps) {
        Random rows = new Random(2024);
        Sampler s = new Sampler(o, vocab);
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            float[] logits = new float[vocab];
            for (int j = 0; j < vocab; j++) {
                logits[j] = (float) (rows.nextGaussian() * 3);
            }
            out[i] = s.sample(logits);
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameTokens() {
        GenerationOptions o = GenerationOptions.defaults().withSeed(99L).withRepeatPenalty(1.1f, 64);
        assertArrayEquals(run(o, 1000, 200), run(o, 1000, 200));
        assertFalse(Arrays.equals(run(o, 1000, 200), run(o.withSeed(100L), 1000, 200)));
    }

    @Test
    void aDrawnSeedIsReportedAndReplays() {
        Sampler drawn = new Sampler(GenerationOptions.defaults(), 10);
        GenerationOptions replay = GenerationOptions.defaults().withSeed(drawn.seed());
        assertArrayEquals(run(replay, 500, 50), run(replay, 500, 50));
        assertNotEquals(new Sampler(GenerationOptions.defaults(), 10).seed(), drawn.seed());
    }

    /** A full sort, ranked by logit then id, cut by the same rules: the reference for the heap paths. */
    private static int[] reference(float[] logits, int topK, float topP, float minP) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i));
        int n = topK > 0 ? Math.min(topK, logits.length) : logits.length;
        double max = logits[order.get(0)];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += Math.exp(logits[order.get(i)] - max);
        }
        int keep = 0;
        double cum = 0;
        while (keep < n) {
            double l = logits[order.get(keep)];
            if (keep > 0 && (l < max + Math.log(minP) || topP < 1 && cum >= topP * total)) {
                break;
            }
            cum += Math.exp(l - max);
            keep++;
        }
        return order.subList(0, keep).stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void heapSelectionAgreesWithAFullSort() {
        Random r = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            float[] logits = new float[2000];
            for (int j = 0; j < logits.length; j++) {
                // Rounded to quarters so that ties occur.
                logits[j] = Math.round(r.nextGaussian() * 8) / 4f;
            }
            int k = trial % 3 == 0 ? 0 : 1 + r.nextInt(300);
            float p = trial % 2 == 0 ? 0.9f : 1f;
            float minP = trial % 5 == 0 ? 0.01f : 0f;
            GenerationOptions o = plain().withTopK(k).withTopP(p).withMinP(minP);
            if (k == 0 && p == 1f && minP == 0f) {
                continue;
            }
            assertArrayEquals(reference(logits, k, p, minP), keptAfter(o, logits), "trial " + trial);
        }
    }

    @Test
    void unusableRowsAreRefused() {
        Sampler s = new Sampler(plain(), 3);
        assertThrows(InferenceException.class, () -> s.sample(new float[] {1, 2}));
        InferenceException nan = assertThrows(InferenceException.class, () -> s.sample(new float[] {1, Float.NaN, 0}));
        assertTrue(nan.getMessage().contains("token 1"), nan.getMessage());
        float inf = Float.NEGATIVE_INFINITY;
        assertThrows(InferenceException.class, () -> s.sample(new float[] {inf, inf, inf}));
        assertThrows(InferenceException.class, () -> s.accept(3));
        assertThrows(InferenceException.class, () -> new Sampler(plain(), 0));
    }
}
