package bitnet.benchmarks.serving;

import java.util.ArrayList;
import java.util.List;

/**
 * The load test's fixed requests: short user messages (they fit a context of 128 with 32 generated tokens, the tiny
 * test model's) and a seed per pair, so that every answer is known in advance.
 */
final class PromptSet {
    /** The user messages, in the order {@code prompts=N} takes them. */
    static final List<String> PROMPTS = List.of(
            "Name three colours.",
            "What is a ternary weight?",
            "Say hello in French.",
            "Count from one to five.",
            "Why is the sky blue?",
            "Give me a word that rhymes with cat.",
            "What is two plus two?",
            "Describe a cloud in one line.");

    /** One distinct request: a prompt and the seed it is always sent with. */
    record Pair(int index, String prompt, long seed) {
        @Override
        public String toString() {
            return "prompt " + index + " seed " + seed;
        }
    }

    private PromptSet() {
    }

    /**
     * @param prompts how many prompts (from the first)
     * @param seeds seeds per prompt
     * @return the {@code prompts * seeds} pairs, prompt-major; seeds are 1000 + the pair's position, so a pair's seed
     *     never changes with the number of seeds asked for a prompt
     */
    static List<Pair> pairs(int prompts, int seeds) {
        List<Pair> pairs = new ArrayList<>();
        for (int p = 0; p < prompts; p++) {
            for (int s = 0; s < seeds; s++) {
                pairs.add(new Pair(pairs.size(), PROMPTS.get(p), 1000L + 100L * p + s));
            }
        }
        return List.copyOf(pairs);
    }
}
