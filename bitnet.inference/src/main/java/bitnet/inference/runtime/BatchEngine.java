package bitnet.inference.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.ContextOverflowException;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationRequest;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.PendingGeneration;
import bitnet.api.inference.QueueFullException;
import bitnet.api.inference.SchedulerOptions;
import bitnet.api.inference.SchedulerStats;
import bitnet.api.inference.TokenListener;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.inference.sampling.Sampler;
import bitnet.inference.text.TextStream;

/**
 * Continuous batching over one model: a thread that, pass after pass, admits queued requests while there is a place
 * and memory for their KV caches, feeds every running generation its next tokens in one {@link Transformer} pass
 * (prompts in chunks of at most {@code maxPrefillTokens} per pass, so a long one does not stall the others), samples
 * each with its own sampler, and retires the finished ones. A finished generation's cache, with the tokens it holds,
 * goes to a small LRU: a new request that shares a prefix with one takes it over and computes only the rest.
 */
final class BatchEngine implements BatchScheduler {
    private final LoadedModel model;
    private final SchedulerOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final List<Job> active = new ArrayList<>();
    private final LinkedList<Cached> prefixes = new LinkedList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile long kvBytes;
    private volatile int activeCount;
    /** Jobs taken off the queue by the loop that are not yet running or over; loop thread only. */
    private int admitting;
    /** Sequences per pass: maxActive, halved while the pool cannot hold a pass's activations. */
    private int passLimit;
    /** Passes of one sequence in a row that did not fit; beyond the active count the newest sequence fails. */
    private int lonelyFailures;
    private long completed;
    private long failed;
    private long promptTokens;
    private long promptTokensReused;
    private long generatedTokens;
    private long passes;
    private long lowPrecision;

    /** A finished generation's cache and the tokens in it. */
    private record Cached(KvCache cache, int[] tokens) {
    }

    BatchEngine(LoadedModel model, SchedulerOptions options) {
        int context = model.config().contextLength();
        if (options.capacity() > context) {
            throw new InferenceException("a scheduler's capacity (" + options.capacity() + ") exceeds the model's "
                    + "context of " + context);
        }
        this.model = model;
        this.options = options;
        this.passLimit = options.maxActive();
        this.thread = Thread.ofPlatform().name("bitnet-scheduler-" + model.info().source().getFileName())
                .daemon(true).unstarted(this::loop);
        thread.start();
    }

    @Override
    public SchedulerOptions options() {
        return options;
    }

    @Override
    public PendingGeneration submit(GenerationRequest request, TokenListener listener) {
        int[] prompt = request.promptIds();
        if (prompt.length == 0) {
            throw new InferenceException("the prompt needs at least one token");
        }
        model.checkIds(prompt);
        GenerationOptions o = request.options();
        if ((long) prompt.length + o.maxTokens() > options.capacity()) {
            throw new ContextOverflowException(prompt.length, o.maxTokens(), options.capacity());
        }
        Job job = new Job(prompt, o, listener);
        lock.lock();
        try {
            if (closed) {
                throw new InferenceException("the scheduler is closed");
            }
            // Running and waiting together stay within maxActive + maxQueued. (Refusing only when both were full let
            // the queue grow without bound while a long pass kept the scheduler from filling a free place.)
            if (activeCount + queue.size() >= options.maxActive() + options.maxQueued()) {
                throw new QueueFullException(queue.size(), Math.max(1, (int) Math.ceil(queue.size()
                        / (double) options.maxActive())));
            }
            queue.add(job);
            promptTokens += prompt.length;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        return job;
    }

    @Override
    public SchedulerStats stats() {
        lock.lock();
        try {
            return new SchedulerStats(activeCount, queue.size(), kvBytes, completed, failed, promptTokens,
                    promptTokensReused, generatedTokens, passes, lowPrecision);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.schedulerClosed(this);
    }

    private void loop() {
        try {
            while (true) {
                List<Job> admitted = new ArrayList<>();
                lock.lock();
                try {
                    while (!closed && queue.isEmpty() && active.isEmpty()) {
                        work.awaitUninterruptibly();
                    }
                    if (closed) {
                        break;
                    }
                    while (!queue.isEmpty() && active.size() + admitted.size() < options.maxActive()) {
                        admitted.add(queue.poll());
                    }
                    // Taken off the queue, they hold their places from now on (submit counts them).
                    admitting = admitted.size();
                    activeCount = active.size() + admitting;
                } finally {
                    lock.unlock();
                }
                admit(admitted);
                pass();
            }
        } finally {
            shutdown();
        }
    }

    // Gives each admitted job a KV cache: a prefix-cached one sharing the longest prefix, or a new one. A job whose
    // cache does not fit the pool goes back to the head of the queue while others run (they will free memory).
    private void admit(List<Job> admitted) {
        for (int i = 0; i < admitted.size(); i++) {
            Job job = admitted.get(i);
            // This one and those after it hold their places until they run or end.
            admitting = admitted.size() - i;
            if (job.cancelled) {
                admitting--;
                finish(job, FinishReason.CANCELLED);
                continue;
            }
            try {
                attachCache(job);
                try {
                    probeHeadroom(active.size() + 1);
                } catch (OutOfPoolMemoryException e) {
                    release(job);
                    throw e;
                }
                active.add(job);
                admitting--;
                updateBytes();
            } catch (OutOfPoolMemoryException e) {
                if (active.isEmpty() && i == 0) {
                    admitting--;
                    fail(job, new InferenceException("the KV cache of " + options.capacity() + " positions does not "
                            + "fit the memory pool even with nothing else running: " + e.getMessage()));
                    continue;
                }
                lock.lock();
                try {
                    for (int j = admitted.size() - 1; j >= i; j--) {
                        queue.addFirst(admitted.get(j));
                    }
                } finally {
                    lock.unlock();
                }
                admitting = 0;
                updateBytes();
                return;
            }
        }
        admitting = 0;
        updateBytes();
    }

    private void attachCache(Job job) {
        Cached best = null;
        int bestCommon = 0;
        for (Cached c : prefixes) {
            int common = commonPrefix(c.tokens(), job.prompt);
            if (common > bestCommon) {
                best = c;
                bestCommon = common;
            }
        }
        if (best != null) {
            prefixes.remove(best);
            int keep = Math.min(bestCommon, job.prompt.length - 1);
            best.cache().setLength(keep);
            job.cache = best.cache();
            job.feedFrom = keep;
            lock.lock();
            try {
                promptTokensReused += keep;
            } finally {
                lock.unlock();
            }
            return;
        }
        while (true) {
            try {
                job.cache = newCache();
                job.feedFrom = 0;
                return;
            } catch (OutOfPoolMemoryException e) {
                if (prefixes.isEmpty()) {
                    throw e;
                }
                prefixes.removeLast().cache().close();
                updateBytes();
            }
        }
    }

    // A pass over n decode rows needs its activations (a few model widths and the logits per row) beside the caches:
    // a cache is admitted only when that much memory can still be had, so the running generations keep room to run.
    private void probeHeadroom(int rows) {
        var c = model.config();
        long floats = (long) rows * (4L * c.hiddenSize() + 3L * c.intermediateSize() + c.queryWidth()
                + 2L * c.kvWidth() + c.vocabSize());
        try (Tensor probe = model.factory().empty(DType.F32, 2 * floats)) {
            probe.dim(0);
        }
    }

    private KvCache newCache() {
        // Caches hold F32 or F16; a plan below F16 (INT8 under pressure) gets F16, the lowest a cache holds.
        Precision planned = model.kvPrecisionNow(options.capacity());
        DType dtype = planned == Precision.F32 ? DType.F32 : DType.F16;
        if (model.info().kvCache() == Precision.F32 && dtype == DType.F16) {
            lock.lock();
            try {
                lowPrecision++;
            } finally {
                lock.unlock();
            }
        }
        KvCache cache = new KvCache(model.factory(), model.config(), options.capacity(), dtype);
        updateBytes();
        return cache;
    }

    private void pass() {
        List<Transformer.Step> steps = new ArrayList<>();
        List<Job> stepping = new ArrayList<>();
        int prefillBudget = options.maxPrefillTokens();
        for (Iterator<Job> it = active.iterator(); it.hasNext();) {
            Job job = it.next();
            if (job.cancelled) {
                it.remove();
                finish(job, FinishReason.CANCELLED);
                continue;
            }
            if (stepping.size() == passLimit) {
                continue;
            }
            int[] feed;
            if (job.feedFrom < job.prompt.length) {
                int n = Math.min(job.prompt.length - job.feedFrom, prefillBudget);
                if (n == 0) {
                    continue;
                }
                prefillBudget -= n;
                feed = Arrays.copyOfRange(job.prompt, job.feedFrom, job.feedFrom + n);
            } else {
                feed = new int[] {job.next};
            }
            steps.add(new Transformer.Step(job.cache, feed, false));
            stepping.add(job);
            job.feeding = feed.length;
        }
        if (steps.isEmpty()) {
            return;
        }
        List<Tensor> logits;
        try {
            logits = model.transformer().forward(steps);
        } catch (OutOfPoolMemoryException e) {
            // The pass's activations did not fit beside the caches: fewer sequences per pass until memory frees up;
            // one sequence that cannot run alone fails (its cache is freed for the others).
            if (stepping.size() > 1) {
                passLimit = Math.max(1, stepping.size() / 2);
                rotate(stepping.size());
            } else if (active.size() > 1 && ++lonelyFailures <= active.size()) {
                rotate(1);
            } else {
                // No sequence can run even alone: the newest gives its memory back to the others.
                Job newest = active.remove(active.size() - 1);
                fail(newest, e);
                lonelyFailures = 0;
            }
            return;
        } catch (RuntimeException | Error e) {
            for (Job job : stepping) {
                active.remove(job);
                fail(job, e);
            }
            return;
        }
        lonelyFailures = 0;
        if (passLimit < options.maxActive()) {
            passLimit++;
            rotate(stepping.size());
        }
        lock.lock();
        try {
            passes++;
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < stepping.size(); i++) {
            Job job = stepping.get(i);
            float[] row;
            try (Tensor l = logits.get(i)) {
                row = l.toFloatArray();
            }
            if (job.feedFrom < job.prompt.length) {
                job.feedFrom += job.feeding;
                if (job.feedFrom < job.prompt.length) {
                    continue;
                }
                job.firstTokenAt = System.nanoTime();
            }
            FinishReason end = job.take(row);
            if (end != null) {
                active.remove(job);
                finish(job, end);
            }
        }
    }

    // While passes run fewer sequences than are active, the ones just run go to the back, so every one advances.
    private void rotate(int ran) {
        if (passLimit < active.size()) {
            for (int i = 0; i < ran && !active.isEmpty(); i++) {
                active.add(active.remove(0));
            }
        }
    }

    private void finish(Job job, FinishReason reason) {
        String rest = job.text.finish();
        if (!rest.isEmpty() && reason != FinishReason.STOP) {
            try {
                job.listener.onToken(-1, rest);
            } catch (RuntimeException e) {
                // the generation is over; a listener failing on its last words changes nothing
            }
        }
        long now = System.nanoTime();
        long first = job.firstTokenAt == 0 ? now : job.firstTokenAt;
        GenerationResult result = new GenerationResult(job.generated.toArray(), job.text.text(), reason,
                job.prompt.length, first - job.submitted, now - first);
        release(job);
        lock.lock();
        try {
            completed++;
            generatedTokens += job.generated.size();
        } finally {
            lock.unlock();
        }
        job.future.complete(result);
    }

    private void fail(Job job, Throwable e) {
        release(job);
        lock.lock();
        try {
            completed++;
            failed++;
        } finally {
            lock.unlock();
        }
        job.future.completeExceptionally(e);
    }

    // A finished cache goes to the prefix LRU (the tokens it holds: what was fed) unless prefix caching is off.
    private void release(Job job) {
        KvCache cache = job.cache;
        job.cache = null;
        if (cache == null) {
            return;
        }
        if (options.prefixCacheEntries() == 0 || closed || cache.length() == 0) {
            cache.close();
        } else {
            int[] tokens = new int[cache.length()];
            int fromPrompt = Math.min(job.prompt.length, tokens.length);
            System.arraycopy(job.prompt, 0, tokens, 0, fromPrompt);
            int[] gen = job.generated.toArray();
            System.arraycopy(gen, 0, tokens, fromPrompt, tokens.length - fromPrompt);
            prefixes.addFirst(new Cached(cache, tokens));
            while (prefixes.size() > options.prefixCacheEntries()) {
                prefixes.removeLast().cache().close();
            }
        }
        updateBytes();
    }

    private void updateBytes() {
        activeCount = active.size() + admitting;
        long sum = 0;
        for (Job j : active) {
            sum += j.cache == null ? 0 : j.cache.bytes();
        }
        for (Cached c : prefixes) {
            sum += c.cache().bytes();
        }
        kvBytes = sum;
    }

    private void shutdown() {
        List<Job> left = new ArrayList<>(active);
        active.clear();
        lock.lock();
        try {
            left.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        for (Job job : left) {
            job.cancelled = true;
            finish(job, FinishReason.CANCELLED);
        }
        prefixes.forEach(c -> c.cache().close());
        prefixes.clear();
        kvBytes = 0;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /** One request: its prompt, sampler, text and cache; everything but the flags is touched by the loop only. */
    private final class Job implements PendingGeneration {
        final int[] prompt;
        final GenerationOptions opts;
        final TokenListener listener;
        final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
        final long submitted = System.nanoTime();
        final Sampler sampler;
        final TextStream text;
        final IntBuffer generated = new IntBuffer();
        volatile boolean cancelled;
        KvCache cache;
        int feedFrom;
        int feeding;
        int next;
        long firstTokenAt;

        Job(int[] prompt, GenerationOptions opts, TokenListener listener) {
            this.prompt = prompt;
            this.opts = opts;
            this.listener = listener;
            this.sampler = new Sampler(opts, model.config().vocabSize());
            sampler.accept(prompt);
            this.text = new TextStream(model.tokenizer(), opts.stop());
        }

        /** Samples from the last row's logits; returns why the generation ends, or null to go on. */
        FinishReason take(float[] logits) {
            if (opts.maxTokens() == 0) {
                return FinishReason.LENGTH;
            }
            int token = sampler.sample(logits);
            if (!opts.ignoreStopTokens() && model.stopTokenIds().contains(token)) {
                return FinishReason.STOP;
            }
            generated.add(token);
            sampler.accept(token);
            String piece = text.accept(token);
            boolean go;
            try {
                go = listener.onToken(token, piece);
            } catch (RuntimeException e) {
                go = false;
            }
            if (text.stopped()) {
                return FinishReason.STOP;
            }
            if (!go || cancelled) {
                return FinishReason.CANCELLED;
            }
            if (generated.size() == opts.maxTokens()) {
                return FinishReason.LENGTH;
            }
            next = token;
            return null;
        }

        @Override
        public CompletableFuture<GenerationResult> result() {
            return future;
        }

        @Override
        public void cancel() {
            cancelled = true;
            boolean waiting;
            lock.lock();
            try {
                // Still queued: nothing is allocated, end it here at once.
                waiting = queue.remove(this);
                work.signalAll();
            } finally {
                lock.unlock();
            }
            if (waiting) {
                finish(this, FinishReason.CANCELLED);
            }
        }
    }

    /** A growable list of ints. */
    private static final class IntBuffer {
        private int[] values = new int[32];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
