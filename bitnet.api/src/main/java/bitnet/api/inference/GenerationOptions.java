package bitnet.api.inference;

import java.util.List;
import java.util.Objects;

/**
 * How to generate. Samplers run in llama.cpp's order: repetition, presence and frequency penalties over the recent
 * tokens, then top-k, top-p, min-p, then temperature, then a draw from the seeded generator. A temperature of 0 is
 * greedy: the highest logit after penalties, ties to the lowest id.
 *
 * @param maxTokens tokens to generate at most, at least 0
 * @param temperature at least 0; 0 is greedy
 * @param topK keep the k most likely tokens; 0 keeps all
 * @param topP keep the smallest set whose probability reaches p, in (0, 1]; 1 keeps all
 * @param minP drop tokens less likely than {@code minP} times the most likely one, in [0, 1]; 0 keeps all
 * @param repeatPenalty divides positive (multiplies negative) logits of tokens seen in the last
 *     {@code repeatLastN}; greater than 0, 1 is off
 * @param repeatLastN how many recent tokens (prompt included) the penalties look at; 0 none, -1 the whole session
 * @param presencePenalty subtracted once from the logit of every token seen, in [-2, 2]
 * @param frequencyPenalty subtracted per occurrence of every token seen, in [-2, 2]
 * @param seed the sampler's seed: the same seed, prompt and options give the same tokens; null draws one
 * @param stop strings that end the generation (not part of the text); at most 16, none empty
 * @param ignoreStopTokens keep generating past the model's stop tokens (benchmarks generate exactly maxTokens)
 */
public record GenerationOptions(int maxTokens, float temperature, int topK, float topP, float minP,
        float repeatPenalty, int repeatLastN, float presencePenalty, float frequencyPenalty, Long seed,
        List<String> stop, boolean ignoreStopTokens) {

    /** Most stop strings one request may give. */
    public static final int MAX_STOP_STRINGS = 16;

    /** @throws InferenceException naming the first parameter out of range */
    public GenerationOptions {
        Objects.requireNonNull(stop, "stop");
        stop = List.copyOf(stop);
        check(maxTokens >= 0, "max_tokens must be at least 0, got " + maxTokens);
        check(temperature >= 0 && Float.isFinite(temperature), "temperature must be at least 0, got " + temperature);
        check(topK >= 0, "top_k must be at least 0 (0 = off), got " + topK);
        check(topP > 0 && topP <= 1, "top_p must be in (0, 1], got " + topP);
        check(minP >= 0 && minP <= 1, "min_p must be in [0, 1], got " + minP);
        check(repeatPenalty > 0 && Float.isFinite(repeatPenalty), "repeat_penalty must be greater than 0, got "
                + repeatPenalty);
        check(repeatLastN >= -1, "repeat_last_n must be -1 (whole context), 0 (off) or positive, got " + repeatLastN);
        check(presencePenalty >= -2 && presencePenalty <= 2, "presence_penalty must be in [-2, 2], got "
                + presencePenalty);
        check(frequencyPenalty >= -2 && frequencyPenalty <= 2, "frequency_penalty must be in [-2, 2], got "
                + frequencyPenalty);
        check(stop.size() <= MAX_STOP_STRINGS, "at most " + MAX_STOP_STRINGS + " stop strings, got " + stop.size());
        for (String s : stop) {
            check(s != null && !s.isEmpty(), "stop strings must not be empty");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InferenceException(message);
        }
    }

    /**
     * @return 256 tokens, temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties (repeat window 64),
     *     a drawn seed, no stop strings
     */
    public static GenerationOptions defaults() {
        return new GenerationOptions(256, 0.8f, 40, 0.95f, 0.05f, 1f, 64, 0f, 0f, null, List.of(), false);
    }

    /** @return {@link #defaults()} with temperature 0 (greedy) */
    public static GenerationOptions greedy() {
        return defaults().withTemperature(0);
    }

    /** @param n max tokens @return a copy with that value */
    public GenerationOptions withMaxTokens(int n) {
        return new GenerationOptions(n, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty,
                frequencyPenalty, seed, stop, ignoreStopTokens);
    }

    /** @param t temperature @return a copy with that value */
    public GenerationOptions withTemperature(float t) {
        return new GenerationOptions(maxTokens, t, topK, topP, minP, repeatPenalty, repeatLastN, presencePenalty,
                frequencyPenalty, seed, stop, ignoreStopTokens);
    }

    /** @param k top-k @return a copy with that value */
    public GenerationOptions withTopK(int k) {
        return new GenerationOptions(maxTokens, temperature, k, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, ignoreStopTokens);
    }

    /** @param p top-p @return a copy with that value */
    public GenerationOptions withTopP(float p) {
        return new GenerationOptions(maxTokens, temperature, topK, p, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, ignoreStopTokens);
    }

    /** @param p min-p @return a copy with that value */
    public GenerationOptions withMinP(float p) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, p, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, ignoreStopTokens);
    }

    /** @param penalty repeat penalty @param lastN its window @return a copy with those values */
    public GenerationOptions withRepeatPenalty(float penalty, int lastN) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, penalty, lastN, presencePenalty,
                frequencyPenalty, seed, stop, ignoreStopTokens);
    }

    /** @param presence presence penalty @param frequency frequency penalty @return a copy with those values */
    public GenerationOptions withPenalties(float presence, float frequency) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN, presence,
                frequency, seed, stop, ignoreStopTokens);
    }

    /** @param s seed, or null to draw one @return a copy with that value */
    public GenerationOptions withSeed(Long s) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, s, stop, ignoreStopTokens);
    }

    /** @param strings stop strings @return a copy with those values */
    public GenerationOptions withStop(List<String> strings) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, strings, ignoreStopTokens);
    }

    /** @param ignore whether to ignore the model's stop tokens @return a copy with that value */
    public GenerationOptions withIgnoreStopTokens(boolean ignore) {
        return new GenerationOptions(maxTokens, temperature, topK, topP, minP, repeatPenalty, repeatLastN,
                presencePenalty, frequencyPenalty, seed, stop, ignore);
    }
}
