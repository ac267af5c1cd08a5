package bitnet.benchmarks.serving;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The load test's phases against one server: every (prompt, seed) pair once, one at a time (the expected answers);
 * a few again one at a time (the single-stream rate); the prefix probe; then N clients for D seconds, each answer
 * compared with the expected one; then {@code /metrics} once the server is idle.
 */
final class LoadRun {
    private static final int PROBLEMS_SHOWN = 5;
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadOptions options;
    private final ServingClient client;
    private final PrintStream progress;

    /** A request's pair and its answer. */
    private record Outcome(PromptSet.Pair pair, StreamedAnswer answer, long finishedNanos) {
    }

    /**
     * @param options what to run
     * @param progress where each phase is announced
     */
    LoadRun(LoadOptions options, PrintStream progress) {
        this.options = options;
        this.client = new ServingClient(options.base(), options.apiKey());
        this.progress = progress;
    }

    /**
     * @return the report
     * @throws IOException when the server cannot be reached or a reference request fails (nothing to compare with)
     */
    LoadReport run() throws IOException {
        ServingClient.Model model = client.model();
        List<PromptSet.Pair> pairs = PromptSet.pairs(options.prompts(), options.seeds());
        progress.printf("reference: %d (prompt, seed) pairs one at a time on %s%n", pairs.size(), model.id());
        Map<PromptSet.Pair, StreamedAnswer> expected = new HashMap<>();
        List<Outcome> reference = new ArrayList<>();
        long start = System.nanoTime();
        for (PromptSet.Pair p : pairs) {
            StreamedAnswer a = send(model, p);
            if (!a.ok()) {
                throw new IOException("the reference request for " + p + " failed: " + a.error());
            }
            expected.put(p, a);
            reference.add(new Outcome(p, a, System.nanoTime()));
        }
        LoadReport.Phase referencePhase = phase(reference, start, expected);

        progress.printf("single stream: %d requests one at a time%n", options.single());
        List<Outcome> single = new ArrayList<>();
        start = System.nanoTime();
        for (int i = 0; i < options.single(); i++) {
            PromptSet.Pair p = pairs.get(i % pairs.size());
            single.add(new Outcome(p, send(model, p), System.nanoTime()));
        }
        LoadReport.Phase singlePhase = phase(single, start, expected);

        LoadReport.Prefix prefix = null;
        if (options.chats() > 0) {
            progress.printf("prefix cache: the second turn of %d chats, warm and cold%n", options.chats());
            prefix = new PrefixProbe(client, model, options).run();
        }

        PrometheusText before = awaitIdle();
        progress.printf("load: %d clients for %d s%n", options.clients(), options.seconds());
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        start = load(model, pairs, outcomes);
        LoadReport.Phase loadPhase = phase(new ArrayList<>(outcomes), start, expected);
        PrometheusText after = awaitIdle();

        long inUseBefore = (long) before.get("bitnet_pool_bytes{kind=\"in_use\"}");
        long inUseAfter = (long) after.get("bitnet_pool_bytes{kind=\"in_use\"}");
        long kvBefore = (long) before.get("bitnet_kv_cache_bytes");
        long kvAfter = (long) after.get("bitnet_kv_cache_bytes");
        double active = after.get("bitnet_active_sessions");
        double queued = after.get("bitnet_queue_depth");
        long generated = (long) (after.get("bitnet_generated_tokens_total")
                - before.get("bitnet_generated_tokens_total"));
        boolean poolBack = inUseAfter - kvAfter == inUseBefore - kvBefore;
        LoadReport.Server server = new LoadReport.Server(active, queued, inUseBefore, inUseAfter, kvBefore, kvAfter,
                generated, poolBack);
        boolean passed = singlePhase.errors() == 0 && singlePhase.wrong() == 0 && loadPhase.errors() == 0
                && loadPhase.wrong() == 0 && loadPhase.requests() > 0 && active == 0 && queued == 0 && poolBack;
        return new LoadReport(options.base().toString(), model.id(), options, pairs.size(), referencePhase,
                singlePhase, prefix, loadPhase, server, passed);
    }

    private StreamedAnswer send(ServingClient.Model model, PromptSet.Pair p) {
        return client.chat(model.id(), ServingClient.messages("user", p.prompt()), options.maxTokens(),
                options.temperature(), p.seed());
    }

    // The clients start together; each sends the next request id's pair until the time is up, and finishes the one
    // it is in. Returns when the load began.
    private long load(ServingClient.Model model, List<PromptSet.Pair> pairs, Queue<Outcome> outcomes) {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        long[] window = new long[2];
        for (int c = 0; c < options.clients(); c++) {
            clients.add(Thread.ofPlatform().name("load-client-" + c).start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                while (System.nanoTime() - window[1] < 0) {
                    PromptSet.Pair p = pairs.get(next.getAndIncrement() % pairs.size());
                    StreamedAnswer a = send(model, p);
                    outcomes.add(new Outcome(p, a, System.nanoTime()));
                }
            }));
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(options.seconds());
        go.countDown(); // publishes the window to the clients
        for (Thread t : clients) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the clients ran", e);
            }
        }
        return window[0];
    }

    private static LoadReport.Phase phase(List<Outcome> outcomes, long start, Map<PromptSet.Pair,
            StreamedAnswer> expected) {
        long end = start;
        long tokens = 0;
        int errors = 0;
        int wrong = 0;
        List<String> problems = new ArrayList<>();
        Latencies.Builder ttft = new Latencies.Builder();
        Latencies.Builder tpot = new Latencies.Builder();
        Latencies.Builder gaps = new Latencies.Builder();
        for (Outcome o : outcomes) {
            end = Math.max(end, o.finishedNanos());
            StreamedAnswer a = o.answer();
            if (!a.ok()) {
                errors++;
                note(problems, "error, " + o.pair() + ": " + a.error());
                continue;
            }
            tokens += a.completionTokens();
            ttft.add(a.timeToFirstTokenNanos());
            tpot.add(a.timePerOutputTokenNanos());
            long[] at = a.pieceNanos();
            for (int i = 1; i < at.length; i++) {
                gaps.add(at[i] - at[i - 1]);
            }
            StreamedAnswer want = expected.get(o.pair());
            if (want != null && (!want.text().equals(a.text()) || !want.finishReason().equals(a.finishReason())
                    || want.completionTokens() != a.completionTokens())) {
                wrong++;
                note(problems, "wrong output, " + o.pair() + ": expected '" + want.text() + "' ("
                        + want.completionTokens() + " tokens, " + want.finishReason() + "), got '" + a.text() + "' ("
                        + a.completionTokens() + " tokens, " + a.finishReason() + ")");
            }
        }
        double seconds = (end - start) / 1e9;
        return new LoadReport.Phase(outcomes.size(), tokens, seconds, seconds > 0 ? tokens / seconds : 0,
                ttft.build(), tpot.build(), gaps.build(), errors, wrong, List.copyOf(problems));
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < PROBLEMS_SHOWN) {
            problems.add(problem);
        }
    }

    // Nothing running or queued: what a request left behind shows only once its generation is released.
    private PrometheusText awaitIdle() throws IOException {
        long deadline = System.nanoTime() + IDLE_WAIT_NANOS;
        while (true) {
            PrometheusText m = client.metrics();
            boolean idle = m.get("bitnet_active_sessions") == 0 && m.get("bitnet_queue_depth") == 0;
            if (idle || System.nanoTime() - deadline > 0) {
                return m;
            }
            LockSupport.parkNanos(IDLE_POLL_NANOS);
        }
    }
}
