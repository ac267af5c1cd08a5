package bitnet.benchmarks.serving;

import java.io.PrintStream;
import java.util.List;

/**
 * What a serving load test measured and checked; written as text and (with {@code out=}) as JSON.
 *
 * @param url the server
 * @param model the served model's id
 * @param options what was asked
 * @param pairs distinct (prompt, seed) pairs
 * @param reference the sequential run that gave every pair's expected answer
 * @param single requests one at a time after the reference (warm): the single-stream rate
 * @param prefix the prefix cache's effect on a chat's second turn, or null when not probed
 * @param load the concurrent clients
 * @param server what {@code /metrics} said before and after the load
 * @param passed no error, no wrong output (single stream or load), nothing active after, pool back
 */
record LoadReport(String url, String model, LoadOptions options, int pairs, Phase reference, Phase single,
        Prefix prefix, Phase load, Server server, boolean passed) {

    /**
     * One phase's requests.
     *
     * @param requests requests finished
     * @param tokens completion tokens of the requests that succeeded
     * @param seconds wall time, from the first request sent to the last one finished
     * @param tokensPerSecond {@code tokens / seconds}
     * @param timeToFirstToken from sending to the first streamed piece of text
     * @param timePerOutputToken per request, {@code (last piece - first piece) / (tokens - 1)}
     * @param betweenPieces every gap between consecutive streamed pieces of one request
     * @param errors requests that failed (status, connection, broken stream)
     * @param wrong answers that differ from the reference (text, finish reason or token count)
     * @param problems the first few errors and differences, described
     */
    record Phase(int requests, long tokens, double seconds, double tokensPerSecond, Latencies timeToFirstToken,
            Latencies timePerOutputToken, Latencies betweenPieces, int errors, int wrong, List<String> problems) {
    }

    /**
     * The second turn of a chat, with its first turn in the prefix cache (warm) and without (cold: the same turn of a
     * chat whose first turn was never sent, the same length).
     *
     * @param chats how many chats (medians over them)
     * @param promptTokens the second turn's prompt tokens (the first chat's)
     * @param warmMs time to first token, median, warm
     * @param coldMs time to first token, median, cold
     * @param reusedWarm prompt tokens the server took from the prefix cache, per warm request (mean)
     * @param reusedCold the same, per cold request (mean)
     */
    record Prefix(int chats, int promptTokens, double warmMs, double coldMs, double reusedWarm, double reusedCold) {
    }

    /**
     * The server's metrics around the load: the memory pool's bytes in use and the KV caches' share of them (the
     * prefix cache keeps finished caches, so in use minus KV cache is what must come back exactly).
     *
     * @param activeAfter running generations once idle after the load
     * @param queuedAfter queued requests then
     * @param poolInUseBefore pool bytes in use before the load
     * @param poolInUseAfter after
     * @param kvCacheBefore KV cache bytes (running and kept for prefix reuse) before
     * @param kvCacheAfter after
     * @param generatedTokens generated tokens the server counted during the load (all requests, cancelled ones too)
     * @param poolBack whether {@code in use - KV cache} is the same before and after
     */
    record Server(double activeAfter, double queuedAfter, long poolInUseBefore, long poolInUseAfter,
            long kvCacheBefore, long kvCacheAfter, long generatedTokens, boolean poolBack) {
    }

    /** Writes the report for a person. */
    void print(PrintStream out) {
        out.printf("serving load: %s, model %s, %d clients x %d s, max_tokens %d, temperature %s, %d (prompt, seed) "
                + "pairs%n", url, model, options.clients(), options.seconds(), options.maxTokens(),
                options.temperature(), pairs);
        out.printf("reference: %d requests one at a time, %d tokens in %.1f s%n", reference.requests(),
                reference.tokens(), reference.seconds());
        out.printf("single stream: %d requests, %d tokens in %.2f s = %.2f tokens/s; TTFT %s, per token %s; "
                + "wrong %d%n", single.requests(), single.tokens(), single.seconds(), single.tokensPerSecond(),
                Latencies.format(single.timeToFirstToken().p50Ms()),
                Latencies.format(single.timePerOutputToken().p50Ms()), single.wrong());
        if (prefix != null) {
            out.printf("prefix cache, a chat's second turn (%d prompt tokens, median of %d): time to first token %s "
                    + "with the first turn cached (%.0f tokens reused) vs %s without (%.0f reused)%n",
                    prefix.promptTokens(), prefix.chats(), Latencies.format(prefix.warmMs()), prefix.reusedWarm(),
                    Latencies.format(prefix.coldMs()), prefix.reusedCold());
        }
        out.printf("load: %d requests, %d tokens in %.2f s = %.2f tokens/s (%.2fx single stream)%n", load.requests(),
                load.tokens(), load.seconds(), load.tokensPerSecond(), load.tokensPerSecond()
                        / single.tokensPerSecond());
        out.printf("  time to first token        %s%n", load.timeToFirstToken());
        out.printf("  time per output token      %s%n", load.timePerOutputToken());
        out.printf("  between streamed pieces    %s%n", load.betweenPieces());
        out.printf("  errors %d, wrong outputs %d; the server counted %d generated tokens%n", load.errors(),
                load.wrong(), server.generatedTokens());
        List<String> problems = new java.util.ArrayList<>(single.problems());
        problems.addAll(load.problems());
        problems.forEach(p -> out.println("  " + p));
        out.printf("after: active %.0f, queued %.0f; pool in use %d -> %d bytes, of which KV caches %d -> %d; "
                + "the rest %d -> %d (%s)%n", server.activeAfter(), server.queuedAfter(), server.poolInUseBefore(),
                server.poolInUseAfter(), server.kvCacheBefore(), server.kvCacheAfter(),
                server.poolInUseBefore() - server.kvCacheBefore(), server.poolInUseAfter() - server.kvCacheAfter(),
                server.poolBack() ? "back" : "NOT back");
        out.println(passed ? "PASSED" : "FAILED");
    }
}
