package bitnet.inference.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.InferenceException;

/**
 * Picks the next token from a row of logits as {@link GenerationOptions} say, in llama.cpp's order: repetition,
 * presence and frequency penalties over the recent tokens, then top-k, top-p, min-p, then temperature, then a draw.
 *
 * <ul>
 * <li>Penalties, for every token seen in the last {@code repeatLastN} tokens (prompt included; -1 = all) with count
 *     c: a positive logit is divided by {@code repeatPenalty}, a non-positive one multiplied; then
 *     {@code c * frequencyPenalty + presencePenalty} is subtracted.
 * <li>Temperature 0 is greedy: the highest logit after penalties, ties to the lowest id.
 * <li>Top-k keeps the k highest logits (ties to the lower id); top-p keeps the shortest run, highest first, whose
 *     probability (softmax at temperature 1 over what top-k kept) reaches p; min-p keeps tokens at least
 *     {@code minP} times as likely as the most likely one; each keeps at least one token.
 * <li>The draw: probabilities {@code exp((l - max) / T)} over the kept tokens, one {@link SplittableRandom} double.
 *     Exponentials are {@link StrictMath#exp}, sums run in a fixed order in double precision, so the same seed and
 *     the same logits give the same tokens on every JVM.
 * </ul>
 *
 * <p>Buffers of the vocabulary's size are allocated once; a call allocates nothing. Top-k with k below the vocabulary
 * size selects with a heap of k entries; top-p or min-p without top-k extract from a heap of the whole vocabulary only
 * as many tokens as they keep. Not thread-safe: one sampler per generation.
 */
public final class Sampler {
    private final GenerationOptions options;
    private final int vocabSize;
    private final long seed;
    private final SplittableRandom random;
    private final boolean penalties;

    // Recent tokens for the penalties: a ring of repeatLastN, or everything when repeatLastN is -1.
    private int[] history;
    private int historyLength;
    private int historyStart;
    private final int[] counts;
    private final int[] stamp;
    private int stampNow;

    // Candidates after truncation: ids and their weights, highest logit first unless `ordered` is false.
    private final int[] ids;
    private final double[] weights;
    private final int[] heap;
    private int count;
    private boolean ordered;

    /**
     * @param options penalties, truncation, temperature and seed
     * @param vocabSize the length of every logits row, at least 1
     * @throws InferenceException if vocabSize is below 1
     */
    public Sampler(GenerationOptions options, int vocabSize) {
        if (vocabSize < 1) {
            throw new InferenceException("vocabulary size must be at least 1, got " + vocabSize);
        }
        this.options = options;
        this.vocabSize = vocabSize;
        this.seed = options.seed() != null ? options.seed() : new SplittableRandom().nextLong();
        this.random = new SplittableRandom(seed);
        this.penalties = options.repeatLastN() != 0 && (options.repeatPenalty() != 1f
                || options.presencePenalty() != 0f || options.frequencyPenalty() != 0f);
        this.history = new int[16];
        this.counts = penalties ? new int[vocabSize] : null;
        this.stamp = penalties ? new int[vocabSize] : null;
        this.ids = new int[vocabSize];
        this.weights = new double[vocabSize];
        this.heap = new int[vocabSize];
    }

    /** @return the seed in use: the options' seed, or the one drawn when they gave none */
    public long seed() {
        return seed;
    }

    /**
     * Adds tokens to the history the penalties look at (the prompt, before the first {@link #sample}).
     *
     * @param tokens token ids
     * @throws InferenceException if an id is outside the vocabulary
     */
    public void accept(int... tokens) {
        for (int t : tokens) {
            acceptOne(t);
        }
    }

    private void acceptOne(int token) {
        if (token < 0 || token >= vocabSize) {
            throw new InferenceException("token id " + token + " is outside the vocabulary of " + vocabSize);
        }
        if (penalties) {
            remember(token);
        }
    }

    private void remember(int token) {
        int window = options.repeatLastN();
        if (window < 0 || historyLength < window) {
            if (historyLength == history.length) {
                int grown = history.length * 2;
                history = Arrays.copyOf(history, window < 0 ? grown : Math.min(grown, window));
            }
            history[historyLength++] = token;
        } else {
            // Full window: the oldest token leaves as the new one enters.
            counts[history[historyStart]]--;
            history[historyStart] = token;
            historyStart = (historyStart + 1) % window;
        }
        counts[token]++;
    }

    /**
     * Applies the penalties to {@code logits} in place, picks a token and adds it to the history.
     *
     * @param logits one row of {@code vocabSize} logits; overwritten with the penalized values
     * @return the token id
     * @throws InferenceException if the row has the wrong length, holds NaN or +Infinity, or every token is -Infinity
     */
    public int sample(float[] logits) {
        prepare(logits);
        int token = count == 1 ? ids[0] : draw();
        acceptOne(token);
        return token;
    }

    /** Penalties, checks, then the kept candidates and their weights into {@link #ids} / {@link #weights}. */
    void prepare(float[] logits) {
        if (logits.length != vocabSize) {
            throw new InferenceException("expected " + vocabSize + " logits, got " + logits.length);
        }
        if (penalties) {
            penalize(logits);
        }
        int best = argmax(logits);
        float max = logits[best];
        if (options.temperature() == 0f) {
            ids[0] = best;
            weights[0] = 1;
            count = 1;
            ordered = true;
            return;
        }
        int k = options.topK();
        boolean truncateByProbability = options.topP() < 1f || options.minP() > 0f;
        if (k > 0 && k < vocabSize) {
            selectTopK(logits, k);
            if (truncateByProbability) {
                keepByProbability(logits, max, k, false);
            }
        } else if (truncateByProbability) {
            buildHeap(logits);
            keepByProbability(logits, max, vocabSize, true);
        } else {
            for (int i = 0; i < vocabSize; i++) {
                ids[i] = i;
            }
            count = vocabSize;
            ordered = false;
        }
        double invT = 1.0 / options.temperature();
        for (int i = 0; i < count; i++) {
            weights[i] = StrictMath.exp((logits[ids[i]] - (double) max) * invT);
        }
    }

    private void penalize(float[] logits) {
        float repeat = options.repeatPenalty();
        float presence = options.presencePenalty();
        float frequency = options.frequencyPenalty();
        stampNow++;
        for (int i = 0; i < historyLength; i++) {
            int t = history[i];
            if (stamp[t] == stampNow) {
                continue;
            }
            stamp[t] = stampNow;
            float l = logits[t];
            l = l <= 0 ? l * repeat : l / repeat;
            logits[t] = l - counts[t] * frequency - presence;
        }
    }

    private static int argmax(float[] logits) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        boolean seen = false;
        for (int i = 0; i < logits.length; i++) {
            float l = logits[i];
            if (Float.isNaN(l) || l == Float.POSITIVE_INFINITY) {
                throw new InferenceException("logit of token " + i + " is " + l + ": the model produced no usable "
                        + "distribution");
            }
            if (l > max || !seen && l == max) {
                max = l;
                best = i;
                seen = true;
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            throw new InferenceException("every logit is -Infinity: no token can be sampled");
        }
        return best;
    }

    /** @return whether token a ranks above token b: a higher logit, or the same and a lower id */
    private static boolean above(float[] logits, int a, int b) {
        return logits[a] > logits[b] || logits[a] == logits[b] && a < b;
    }

    // A min-heap of the k best so far (its root the worst of them), then sorted best first.
    private void selectTopK(float[] logits, int k) {
        for (int i = 0; i < k; i++) {
            ids[i] = i;
        }
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDownMin(logits, i, k);
        }
        for (int i = k; i < logits.length; i++) {
            if (above(logits, i, ids[0])) {
                ids[0] = i;
                siftDownMin(logits, 0, k);
            }
        }
        for (int end = k - 1; end > 0; end--) {
            int worst = ids[0];
            ids[0] = ids[end];
            ids[end] = worst;
            siftDownMin(logits, 0, end);
        }
        count = k;
        ordered = true;
    }

    private void siftDownMin(float[] logits, int i, int size) {
        int t = ids[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && above(logits, ids[c], ids[c + 1])) {
                c++;
            }
            if (!above(logits, t, ids[c])) {
                break;
            }
            ids[i] = ids[c];
            i = c;
        }
        ids[i] = t;
    }

    private void buildHeap(float[] logits) {
        for (int i = 0; i < logits.length; i++) {
            heap[i] = i;
        }
        for (int i = logits.length / 2 - 1; i >= 0; i--) {
            siftDownMax(logits, i, logits.length);
        }
    }

    private void siftDownMax(float[] logits, int i, int size) {
        int t = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && above(logits, heap[c + 1], heap[c])) {
                c++;
            }
            if (!above(logits, heap[c], t)) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = t;
    }

    /**
     * Keeps the top-p and min-p prefix of the candidates, highest first: from the first {@code available} entries of
     * {@link #ids}, already ranked, or, with {@code fromHeap}, popped one by one from the heap of all tokens.
     */
    private void keepByProbability(float[] logits, float max, int available, boolean fromHeap) {
        boolean topP = options.topP() < 1f;
        double needed = 0;
        if (topP) {
            double total = 0;
            for (int i = 0; i < available; i++) {
                total += StrictMath.exp(logits[fromHeap ? i : ids[i]] - (double) max);
            }
            needed = options.topP() * total;
        }
        double minLogit = options.minP() > 0f ? max + StrictMath.log(options.minP()) : Double.NEGATIVE_INFINITY;
        double cumulative = 0;
        int kept = 0;
        int heapSize = available;
        while (kept < available) {
            int next = fromHeap ? heap[0] : ids[kept];
            if (kept > 0 && (logits[next] < minLogit || topP && cumulative >= needed)) {
                break;
            }
            if (fromHeap) {
                heap[0] = heap[--heapSize];
                siftDownMax(logits, 0, heapSize);
                ids[kept] = next;
            }
            if (topP) {
                cumulative += StrictMath.exp(logits[next] - (double) max);
            }
            kept++;
        }
        count = kept;
        ordered = true;
    }

    private int draw() {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < count; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return ids[i];
            }
        }
        return ids[count - 1];
    }

    /** @return how many candidates the last {@link #prepare} kept */
    int candidateCount() {
        return count;
    }

    /** @return the i-th kept candidate (highest logit first when truncated, id order otherwise) */
    int candidateId(int i) {
        return ids[i];
    }

    /** @return the i-th kept candidate's probability after temperature */
    double candidateProbability(int i) {
        double total = 0;
        for (int j = 0; j < count; j++) {
            total += weights[j];
        }
        return weights[i] / total;
    }

    /** @return whether the candidates are in rank order */
    boolean candidatesRanked() {
        return ordered;
    }
}
