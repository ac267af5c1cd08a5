package bitnet.server;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.SchedulerStats;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.PoolStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The server's Prometheus metrics: requests by endpoint and status, prompt and generated tokens, generations by finish
 * reason, time to first token and time per output token, and, read at each scrape, the scheduler's queue, running
 * sessions, KV cache bytes, reused prompt tokens and low-precision caches, and the memory pool's bytes.
 */
@Component(service = ServerMetrics.class)
public final class ServerMetrics {
    /** The content type of {@link #write}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final ModelHost host;
    private final MemoryPool pool;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter promptTokens;
    private final Counter generatedTokens;
    private final Counter generations;
    private final Histogram timeToFirstToken;
    private final Histogram timePerOutputToken;
    private volatile SchedulerStats scheduler = new SchedulerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private volatile PoolStats poolStats;

    /**
     * @param host the served model's scheduler counts
     * @param pool the CPU memory pool
     */
    @Activate
    public ServerMetrics(@Reference ModelHost host,
            @Reference(target = "(" + MemoryPool.DEVICE_PROPERTY + "=cpu)") MemoryPool pool) {
        this.host = host;
        this.pool = pool;
        this.poolStats = pool.stats();
        requests = Counter.builder().name("bitnet_http_requests").help("HTTP requests by endpoint and status")
                .labelNames("endpoint", "status").withoutExemplars().register(registry);
        promptTokens = Counter.builder().name("bitnet_prompt_tokens").help("Prompt tokens of finished requests")
                .withoutExemplars().register(registry);
        generatedTokens = Counter.builder().name("bitnet_generated_tokens")
                .help("Tokens generated for finished requests").withoutExemplars().register(registry);
        generations = Counter.builder().name("bitnet_generations")
                .help("Generations by finish reason (stop, length, cancelled: the client went away, fell behind or "
                        + "timed out; error)")
                .labelNames("finish_reason").withoutExemplars().register(registry);
        timeToFirstToken = Histogram.builder().name("bitnet_time_to_first_token_seconds")
                .help("From submission (queueing included) to the first generated token").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .withoutExemplars().register(registry);
        timePerOutputToken = Histogram.builder().name("bitnet_time_per_output_token_seconds")
                .help("Between consecutive generated tokens of one request").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("bitnet_queue_depth").help("Requests waiting for a place")
                .callback(cb -> cb.call(scheduler.queued())).register(registry);
        GaugeWithCallback.builder().name("bitnet_active_sessions").help("Generations running")
                .callback(cb -> cb.call(scheduler.active())).register(registry);
        GaugeWithCallback.builder().name("bitnet_kv_cache_bytes")
                .help("Pool bytes held by KV caches (running and kept for prefix reuse)")
                .callback(cb -> cb.call(scheduler.kvCacheBytes())).register(registry);
        CounterWithCallback.builder().name("bitnet_prompt_tokens_reused")
                .help("Prompt tokens taken from the prefix cache instead of computed")
                .callback(cb -> cb.call(scheduler.promptTokensReused())).register(registry);
        CounterWithCallback.builder().name("bitnet_low_precision_kv_caches")
                .help("KV caches opened at a lower precision than usual because of memory pressure")
                .callback(cb -> cb.call(scheduler.lowPrecisionCaches())).register(registry);
        CounterWithCallback.builder().name("bitnet_forward_passes").help("Batched forward passes run")
                .callback(cb -> cb.call(scheduler.passes())).register(registry);
        GaugeWithCallback.builder().name("bitnet_pool_bytes").help("Memory pool bytes by kind")
                .labelNames("kind").callback(cb -> {
                    PoolStats p = poolStats;
                    cb.call(p.bytesInUse(), "in_use");
                    cb.call(p.bytesReserved(), "reserved");
                    cb.call(p.peakBytesInUse(), "peak");
                    cb.call(p.limitBytes(), "limit");
                }).register(registry);
        GaugeWithCallback.builder().name("bitnet_model_ready").help("1 while the model is served, else 0")
                .callback(cb -> cb.call(host.health().status() == ModelHost.Status.READY ? 1 : 0))
                .register(registry);
    }

    /**
     * @param endpoint the endpoint's path, or {@code other}
     * @param status the HTTP status
     */
    public void request(String endpoint, int status) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
    }

    /**
     * Records one finished generation.
     *
     * @param prompt tokens of its prompt
     * @param finishReason {@code stop}, {@code length}, {@code cancelled} or {@code error}
     * @param submittedNanos when it was submitted ({@link System#nanoTime()})
     * @param tokenNanos when each token arrived
     */
    public void generation(int prompt, String finishReason, long submittedNanos, long[] tokenNanos) {
        promptTokens.inc(prompt);
        generatedTokens.inc(tokenNanos.length);
        generations.labelValues(finishReason).inc();
        if (tokenNanos.length > 0) {
            timeToFirstToken.observe((tokenNanos[0] - submittedNanos) / 1e9);
        }
        for (int i = 1; i < tokenNanos.length; i++) {
            timePerOutputToken.observe((tokenNanos[i] - tokenNanos[i - 1]) / 1e9);
        }
    }

    /**
     * Writes every metric in Prometheus' text format, with the scheduler and pool read now.
     *
     * @param out where to write
     * @throws IOException if the client went away
     */
    public synchronized void write(OutputStream out) throws IOException {
        scheduler = host.stats();
        poolStats = pool.stats();
        writer.write(out, registry.scrape());
    }
}
