package bitnet.benchmarks.serving;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One streamed chat completion as the client saw it: the text joined from the deltas, how it ended, the usage the
 * server reported, and when each piece of text arrived.
 *
 * @param status the HTTP status (200 for a stream)
 * @param text the deltas' content joined
 * @param finishReason the last {@code finish_reason} seen, or null
 * @param promptTokens {@code usage.prompt_tokens}, or -1 when no usage came
 * @param completionTokens {@code usage.completion_tokens}, or -1 when no usage came
 * @param sentNanos when the request was sent ({@link System#nanoTime()})
 * @param pieceNanos when each event with non-empty content arrived
 * @param error why the answer is not a complete stream (a non-200 status's body, an event that is not JSON, no
 *     {@code [DONE]}, an exception), or null when it is one
 */
record StreamedAnswer(int status, String text, String finishReason, int promptTokens, int completionTokens,
        long sentNanos, long[] pieceNanos, String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return whether the stream came complete: status 200, every event JSON, usage, then {@code [DONE]} */
    boolean ok() {
        return error == null;
    }

    /** @return from sending to the first piece of text, or -1 when none came */
    long timeToFirstTokenNanos() {
        return pieceNanos.length == 0 ? -1 : pieceNanos[0] - sentNanos;
    }

    /**
     * @return the mean time per output token after the first, {@code (last piece - first piece) / (tokens - 1)}, or
     *     -1 with fewer than two tokens
     */
    long timePerOutputTokenNanos() {
        if (completionTokens < 2 || pieceNanos.length < 2) {
            return -1;
        }
        return (pieceNanos[pieceNanos.length - 1] - pieceNanos[0]) / (completionTokens - 1);
    }

    /**
     * @param status the HTTP status
     * @param lines the body's lines (Server-Sent Events)
     * @param sentNanos when the request was sent
     * @param clock what stamps each event's arrival (nanoseconds)
     * @return the answer; a stream that breaks off or is not OpenAI's chunk format has its {@code error} set
     */
    static StreamedAnswer read(int status, Iterator<String> lines, long sentNanos, LongSupplier clock) {
        StringBuilder text = new StringBuilder();
        long[] pieces = new long[16];
        int n = 0;
        String finish = null;
        int prompt = -1;
        int completion = -1;
        if (status != 200) {
            StringBuilder body = new StringBuilder();
            lines.forEachRemaining(l -> body.append(l).append('\n'));
            return failed(status, sentNanos, "status " + status + ": " + body.toString().strip());
        }
        try {
            while (lines.hasNext()) {
                String line = lines.next();
                long at = clock.getAsLong();
                if (!line.startsWith("data: ")) {
                    continue; // blank separators and ": keep-alive" comments
                }
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    String error = completion < 0 ? "no usage before [DONE]" : null;
                    return new StreamedAnswer(status, text.toString(), finish, prompt, completion, sentNanos,
                            Arrays.copyOf(pieces, n), error);
                }
                JsonNode event = JSON.readTree(data);
                if (event.has("error")) {
                    return failed(status, sentNanos, "error event: " + data);
                }
                for (JsonNode choice : event.path("choices")) {
                    String piece = choice.path("delta").path("content").asText("");
                    if (!piece.isEmpty()) {
                        text.append(piece);
                        if (n == pieces.length) {
                            pieces = Arrays.copyOf(pieces, 2 * n);
                        }
                        pieces[n++] = at;
                    }
                    if (choice.hasNonNull("finish_reason")) {
                        finish = choice.get("finish_reason").asText();
                    }
                }
                JsonNode usage = event.path("usage");
                if (usage.isObject()) {
                    prompt = usage.path("prompt_tokens").asInt(-1);
                    completion = usage.path("completion_tokens").asInt(-1);
                }
            }
        } catch (IOException | RuntimeException e) {
            return failed(status, sentNanos, "broken stream: " + e);
        }
        return failed(status, sentNanos, "the stream ended without data: [DONE] after '" + text + "'");
    }

    /**
     * @param status the HTTP status, or 0 when none came
     * @param sentNanos when the request was sent
     * @param error what went wrong
     * @return an answer that is only an error
     */
    static StreamedAnswer failed(int status, long sentNanos, String error) {
        return new StreamedAnswer(status, "", null, -1, -1, sentNanos, new long[0], error);
    }
}
