package bitnet.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.ContextOverflowException;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationRequest;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.PendingGeneration;
import bitnet.api.inference.QueueFullException;
import bitnet.server.ServerMetrics;
import bitnet.server.Served;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs one generation for a request and writes the answer: whole, or streamed as Server-Sent Events. A client that
 * goes away is noticed at the next write (every piece of text, or a keep-alive every half second while nothing comes)
 * and its generation is cancelled, which frees its KV cache. A whole answer that takes longer than a second sends a
 * space every half second before the JSON (JSON allows leading whitespace) to notice the same; from then on the status
 * is 200 whatever happens.
 */
public final class GenerationRun {
    static final long KEEP_ALIVE_MILLIS = 500;
    static final long WHOLE_KEEP_ALIVE_AFTER_MILLIS = 1000;
    private static final long END_WAIT_SECONDS = 30;

    private final Served served;
    private final ServerMetrics metrics;
    private final ResponseFormat format;
    private final String promptField;
    private final int timeoutSeconds;
    private PendingGeneration pending;
    private TokenPipe pipe;
    private int promptTokens;
    private long submitted;
    private boolean counted;

    /**
     * @param served the model and scheduler
     * @param metrics where the generation is counted
     * @param format the endpoint's answer format
     * @param promptField the request field holding the prompt, for errors
     * @param timeoutSeconds how long the request may take, waiting included
     */
    public GenerationRun(Served served, ServerMetrics metrics, ResponseFormat format, String promptField,
            int timeoutSeconds) {
        this.served = served;
        this.metrics = metrics;
        this.format = format;
        this.promptField = promptField;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * @param response the response, not committed
     * @param prompt the prompt's token ids, each in the vocabulary
     * @param sampling how to generate and answer
     * @throws ApiError before anything is written: 429 when the queue is full, 400 when the prompt does not fit,
     *     503 when the model is no longer served
     * @throws IOException if writing a whole answer fails
     */
    public void run(HttpServletResponse response, int[] prompt, SamplingRequest sampling) throws IOException {
        GenerationOptions options = sampling.options(prompt.length, served.capacity(), promptField);
        pipe = new TokenPipe(sampling.stream(), TokenPipe.DEFAULT_CAPACITY);
        promptTokens = prompt.length;
        submitted = System.nanoTime();
        try {
            pending = served.scheduler().submit(new GenerationRequest(prompt, options), pipe);
        } catch (QueueFullException e) {
            throw ApiError.queueFull("The server is busy: " + e.getMessage() + ".", e.retryAfterSeconds());
        } catch (ContextOverflowException e) {
            throw ApiError.contextOverflow(e.promptTokens(), e.requestedTokens(), e.contextLength(), promptField);
        } catch (InferenceException e) {
            throw ApiError.unavailable("The model is no longer served: " + e.getMessage());
        }
        pending.result().whenComplete((r, e) -> pipe.wake());
        ResponseFormat.Header header = new ResponseFormat.Header(format.idPrefix() + UUID.randomUUID(),
                System.currentTimeMillis() / 1000, served.name());
        long deadline = submitted + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            if (sampling.stream()) {
                stream(response, header, pending, pipe, prompt.length, sampling, deadline);
            } else {
                whole(response, header, pending, prompt.length, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel();
            count("cancelled");
        } finally {
            count("error");
        }
    }

    // Counts the generation once it is over (a cancelled one ends at the scheduler's next step), on whichever thread
    // ends it, so that a request whose client went away does not wait for that. Called before the answer's last
    // bytes, so that a client that reads /metrics after its answer finds it counted; only the first call counts.
    private void count(String outcome) {
        if (counted) {
            return;
        }
        counted = true;
        TokenPipe p = pipe;
        pending.result().whenComplete((r, e) -> metrics.generation(promptTokens, outcome, submitted,
                e == null ? p.tokenNanos() : new long[0]));
    }

    private void stream(HttpServletResponse response, ResponseFormat.Header header, PendingGeneration pending,
            TokenPipe pipe, int promptTokens, SamplingRequest sampling, long deadline)
            throws InterruptedException {
        boolean timedOut = false;
        try {
            SseWriter sse = new SseWriter(response);
            ObjectNode first = format.first(header);
            if (first != null) {
                sse.data(withUsage(first, sampling));
            }
            while (true) {
                String text = pipe.next(KEEP_ALIVE_MILLIS);
                boolean done = pending.result().isDone();
                if (done) {
                    // Every piece was queued before the generation completed: what is left is all of it.
                    text += pipe.next(0);
                }
                if (!text.isEmpty()) {
                    sse.data(withUsage(format.chunk(header, text, null), sampling));
                } else if (!done) {
                    sse.keepAlive();
                }
                if (done) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    pending.cancel();
                    timedOut = true;
                    break;
                }
            }
            GenerationResult result = awaitEnd(pending);
            ApiError failure = failure(result, pending, pipe, timedOut);
            if (failure != null) {
                count(result == null ? "error" : "cancelled");
                sse.data(Json.error(failure));
                sse.done();
                return;
            }
            String finish = ResponseFormat.finishReason(result.finishReason());
            count(finish);
            sse.data(withUsage(format.chunk(header, "", finish), sampling));
            if (sampling.includeUsage()) {
                ObjectNode last = format.usageChunk(header);
                last.set("usage", ResponseFormat.usage(promptTokens, result.tokens().length));
                sse.data(last);
            }
            sse.done();
        } catch (IOException e) {
            // The client went away: stop generating for it now.
            pending.cancel();
            count("cancelled");
        }
    }

    private void whole(HttpServletResponse response, ResponseFormat.Header header, PendingGeneration pending,
            int promptTokens, long deadline) throws IOException, InterruptedException {
        long start = System.nanoTime();
        OutputStream out = null;
        GenerationResult result = null;
        boolean timedOut = false;
        while (result == null) {
            try {
                result = pending.result().get(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                break;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    pending.cancel();
                    timedOut = true;
                    result = awaitEnd(pending);
                    break;
                }
                if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(WHOLE_KEEP_ALIVE_AFTER_MILLIS)) {
                    try {
                        if (out == null) {
                            response.setStatus(200);
                            response.setContentType("application/json");
                            response.setCharacterEncoding("UTF-8");
                            out = response.getOutputStream();
                        }
                        out.write(' ');
                        out.flush();
                    } catch (IOException gone) {
                        pending.cancel();
                        count("cancelled");
                        return;
                    }
                }
            }
        }
        ApiError failure = failure(result, pending, null, timedOut);
        ObjectNode body;
        if (failure != null) {
            count(result == null ? "error" : "cancelled");
            if (out == null) {
                Json.writeError(response, failure);
                return;
            }
            body = Json.error(failure);
        } else {
            String finish = ResponseFormat.finishReason(result.finishReason());
            count(finish);
            body = format.whole(header, result.text(), finish);
            body.set("usage", ResponseFormat.usage(promptTokens, result.tokens().length));
        }
        if (out == null) {
            Json.write(response, 200, body);
        } else {
            out.write(Json.MAPPER.writeValueAsBytes(body));
            out.close();
        }
    }

    // Why the answer is an error instead of text, or null.
    private ApiError failure(GenerationResult result, PendingGeneration pending, TokenPipe pipe, boolean timedOut) {
        if (timedOut) {
            return ApiError.timeout(timeoutSeconds);
        }
        if (pipe != null && pipe.overflowed()) {
            return ApiError.internal("The client read the stream too slowly; the generation was cancelled.");
        }
        if (result == null) {
            Throwable cause = cause(pending);
            return cause instanceof InferenceException
                    ? ApiError.unavailable("The generation failed: " + cause.getMessage())
                    : ApiError.internal("The generation failed: " + cause);
        }
        if (result.finishReason() == FinishReason.CANCELLED) {
            return ApiError.unavailable("The generation was cancelled: the server stopped serving this model.");
        }
        return null;
    }

    private static Throwable cause(PendingGeneration pending) {
        try {
            pending.result().getNow(null);
            return new IllegalStateException("the generation did not end");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    private ObjectNode withUsage(ObjectNode chunk, SamplingRequest sampling) {
        if (sampling.includeUsage()) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    // The result once the generation is over (a cancelled one ends at the scheduler's next step), or null if it
    // failed or did not end in time.
    private static GenerationResult awaitEnd(PendingGeneration pending) {
        try {
            return pending.result().get(END_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
