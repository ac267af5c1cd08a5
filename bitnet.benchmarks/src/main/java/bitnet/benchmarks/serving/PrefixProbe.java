package bitnet.benchmarks.serving;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The prefix cache's effect on a chat's second turn. For each chat: the first turn is sent, then the second (its
 * prompt starts with the whole first turn, which the server's prefix cache holds: warm), then the same second turn
 * of a chat whose first turn was never sent (a system message that differs in its first word, the same length:
 * cold). Each second turn's time to first token is measured by the client, and {@code
 * bitnet_prompt_tokens_reused_total} says how many prompt tokens the server did not compute again.
 */
final class PrefixProbe {
    private static final String FILLER = "You answer questions about ternary neural networks. Weights are minus one, "
            + "zero or one, with one scale per tensor. Activations are eight-bit integers scaled per token. ";
    private static final int SECOND_TURN_TOKENS = 4;
    private static final String REUSED = "bitnet_prompt_tokens_reused_total";

    private final ServingClient client;
    private final ServingClient.Model model;
    private final LoadOptions options;

    PrefixProbe(ServingClient client, ServingClient.Model model, LoadOptions options) {
        this.client = client;
        this.model = model;
        this.options = options;
    }

    /**
     * @return medians over the chats
     * @throws IOException when a request fails or the second turn does not fit the context
     */
    LoadReport.Prefix run() throws IOException {
        int chats = options.chats();
        long[] warm = new long[chats];
        long[] cold = new long[chats];
        long reusedWarm = 0;
        long reusedCold = 0;
        int promptTokens = 0;
        // The system message takes about a quarter of the context, so that a second turn fits any model's.
        String filler = filler(model.maxModelLen() / 4);
        int firstAnswerTokens = Math.min(options.maxTokens(), Math.max(1, model.maxModelLen() / 8));
        for (int c = 0; c < chats; c++) {
            String warmSystem = "Warm" + c + ". " + filler;
            String coldSystem = "Cold" + c + ". " + filler;
            StreamedAnswer first = checked(client.chat(model.id(), ServingClient.messages("system", warmSystem,
                    "user", "What is a ternary weight?"), firstAnswerTokens, options.temperature(), 7 + c));
            ArrayNode warmTurn = secondTurn(warmSystem, first.text());
            ArrayNode coldTurn = secondTurn(coldSystem, first.text());
            if (c == 0) {
                promptTokens = client.promptTokens(warmTurn);
                if (promptTokens + SECOND_TURN_TOKENS > model.maxModelLen()) {
                    throw new IOException("the probe's second turn (" + promptTokens + " tokens) does not fit the "
                            + "context of " + model.maxModelLen() + "; use chats=0");
                }
            }
            double before = client.metrics().get(REUSED);
            warm[c] = checked(client.chat(model.id(), warmTurn, SECOND_TURN_TOKENS, options.temperature(), 11 + c))
                    .timeToFirstTokenNanos();
            double between = client.metrics().get(REUSED);
            cold[c] = checked(client.chat(model.id(), coldTurn, SECOND_TURN_TOKENS, options.temperature(), 11 + c))
                    .timeToFirstTokenNanos();
            double after = client.metrics().get(REUSED);
            reusedWarm += (long) (between - before);
            reusedCold += (long) (after - between);
        }
        return new LoadReport.Prefix(chats, promptTokens, medianMs(warm), medianMs(cold),
                (double) reusedWarm / chats, (double) reusedCold / chats);
    }

    private ArrayNode secondTurn(String system, String firstAnswer) {
        return ServingClient.messages("system", system, "user", "What is a ternary weight?", "assistant", firstAnswer,
                "user", "And an activation?");
    }

    // Whole sentences of the filler until the system message alone has about the tokens asked.
    private String filler(int tokens) throws IOException {
        StringBuilder s = new StringBuilder();
        String[] sentences = FILLER.split("(?<=\\. )");
        for (int i = 0; i < 1000; i++) {
            String next = s + sentences[i % sentences.length];
            if (client.promptTokens(ServingClient.messages("system", next)) > tokens) {
                break;
            }
            s.setLength(0);
            s.append(next);
        }
        return s.toString().strip();
    }

    private static StreamedAnswer checked(StreamedAnswer a) throws IOException {
        if (!a.ok()) {
            throw new IOException("a prefix probe request failed: " + a.error());
        }
        return a;
    }

    private static double medianMs(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        double mid = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        return mid / 1e6;
    }
}
