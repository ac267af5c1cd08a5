package bitnet.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.ContextOverflowException;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationRequest;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.PendingGeneration;
import bitnet.api.inference.QueueFullException;
import bitnet.api.inference.SchedulerOptions;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.precision.Precision;

/** Continuous batching: the same tokens alone or among others, prefix reuse, queueing, cancellation, cleanup. */
class BatchSchedulerTest {
    private static final long WAIT = 60;

    private static int[] prompt(int seed, int length) {
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = (seed * 131 + i * 17) % 500;
        }
        return p;
    }

    /** A listener that says when its first token came, then holds the scheduler's thread until released. */
    private static TokenListener holding(CountDownLatch started, CountDownLatch release) {
        return (id, t) -> {
            started.countDown();
            try {
                return release.await(WAIT, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        };
    }

    private static GenerationOptions sampled(long seed) {
        return GenerationOptions.defaults().withTemperature(1f).withTopK(0).withTopP(1f).withMinP(0f)
                .withMaxTokens(12).withSeed(seed).withIgnoreStopTokens(true);
    }

    @Test
    void aSeededRequestGivesTheSameTokensAloneAndAmongSevenOthers() throws Exception {
        try (Runtime rt = new Runtime(true, Precision.F32); Model model = rt.load("gguf-i2s.gguf")) {
            List<int[]> alone = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                try (Session s = model.newSession(64)) {
                    alone.add(s.generate(prompt(r, 3 + r), sampled(100 + r), TokenListener.NONE).tokens());
                }
            }
            try (BatchScheduler scheduler = model.scheduler(new SchedulerOptions(8, 8, 64, 0, 16))) {
                List<PendingGeneration> pending = new ArrayList<>();
                for (int r = 0; r < 8; r++) {
                    pending.add(scheduler.submit(new GenerationRequest(prompt(r, 3 + r), sampled(100 + r)),
                            TokenListener.NONE));
                }
                for (int r = 0; r < 8; r++) {
                    GenerationResult g = pending.get(r).result().get(WAIT, TimeUnit.SECONDS);
                    assertArrayEquals(alone.get(r), g.tokens(), "request " + r);
                    assertEquals(3 + r, g.promptTokens());
                }
                var stats = scheduler.stats();
                assertEquals(8, stats.completed());
                assertEquals(96, stats.generatedTokens());
                assertTrue(stats.passes() < 8 * 12, "the requests advanced together: " + stats.passes() + " passes");
            }
            assertEquals(0, model.kvCacheBytes());
        }
    }

    @Test
    void cachesOpenedUnderPressureAtHalfPrecisionAreCountedAndStillGenerate() throws Exception {
        // The plan gives F32 at load and for the first cache, then F16 (or INT8, which caches hold as F16), as the
        // precision manager's plan does once the pool reports pressure.
        AtomicInteger calls = new AtomicInteger();
        Precision[] plan = {Precision.F32, Precision.F32, Precision.F16, Precision.INT8};
        KvPrecision kv = (config, capacity) -> plan[Math.min(calls.getAndIncrement(), plan.length - 1)];
        try (Runtime rt = new Runtime(false, kv); Model model = rt.load("gguf-i2s.gguf")) {
            assertEquals(Precision.F32, model.info().kvCache());
            long[] bytes = new long[3];
            try (BatchScheduler scheduler = model.scheduler(new SchedulerOptions(1, 8, 64, 0, 16))) {
                for (int r = 0; r < 3; r++) {
                    CountDownLatch first = new CountDownLatch(1);
                    int request = r;
                    PendingGeneration p = scheduler.submit(new GenerationRequest(prompt(r, 4), sampled(7)),
                            (id, text) -> {
                                if (first.getCount() == 1) {
                                    bytes[request] = model.kvCacheBytes();
                                }
                                first.countDown();
                                return true;
                            });
                    GenerationResult g = p.result().get(WAIT, TimeUnit.SECONDS);
                    assertEquals(12, g.tokens().length, "request " + r);
                }
                assertEquals(2, scheduler.stats().lowPrecisionCaches());
            }
            assertEquals(bytes[0], 2 * bytes[1], "an F16 cache is half an F32 one");
            assertEquals(bytes[1], bytes[2], "a plan below F16 gets F16");
        }
    }

    @Test
    void aRequestSharingAPrefixSkipsComputingIt() throws Exception {
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load("hf-autobitlinear")) {
            int[] first = prompt(1, 20);
            int[] longer = new int[26];
            System.arraycopy(first, 0, longer, 0, 20);
            System.arraycopy(prompt(2, 6), 0, longer, 20, 6);
            GenerationOptions greedy = GenerationOptions.greedy().withMaxTokens(4).withIgnoreStopTokens(true);
            int[] want;
            try (Session s = model.newSession(64)) {
                want = s.generate(longer, greedy, TokenListener.NONE).tokens();
            }
            try (BatchScheduler scheduler = model.scheduler(new SchedulerOptions(2, 4, 64, 4, 64))) {
                scheduler.submit(new GenerationRequest(first, greedy), TokenListener.NONE).result()
                        .get(WAIT, TimeUnit.SECONDS);
                GenerationResult r = scheduler.submit(new GenerationRequest(longer, greedy), TokenListener.NONE)
                        .result().get(WAIT, TimeUnit.SECONDS);
                assertArrayEquals(want, r.tokens());
                assertEquals(20, scheduler.stats().promptTokensReused());
            }
        }
    }

    @Test
    void aFullQueueRefusesAndACancelledRequestEndsAtOnce() throws Exception {
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load("gguf-i2s.gguf");
                BatchScheduler scheduler = model.scheduler(new SchedulerOptions(1, 1, 64, 0, 64))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            GenerationOptions longRun = GenerationOptions.greedy().withMaxTokens(40).withIgnoreStopTokens(true);
            PendingGeneration running = scheduler.submit(new GenerationRequest(prompt(3, 4), longRun),
                    holding(started, release));
            assertTrue(started.await(WAIT, TimeUnit.SECONDS));
            PendingGeneration queued = scheduler.submit(new GenerationRequest(prompt(4, 4), longRun),
                    TokenListener.NONE);
            QueueFullException full = assertThrows(QueueFullException.class,
                    () -> scheduler.submit(new GenerationRequest(prompt(5, 4), longRun), TokenListener.NONE));
            assertTrue(full.retryAfterSeconds() >= 1);
            queued.cancel();
            assertEquals(FinishReason.CANCELLED, queued.result().get(WAIT, TimeUnit.SECONDS).finishReason());
            running.cancel();
            release.countDown();
            GenerationResult r = running.result().get(WAIT, TimeUnit.SECONDS);
            assertEquals(FinishReason.CANCELLED, r.finishReason());
            assertThrows(ContextOverflowException.class, () -> scheduler.submit(new GenerationRequest(prompt(6, 60),
                    GenerationOptions.greedy().withMaxTokens(10)), TokenListener.NONE));
        }
    }

    @Test
    void whileAPassHoldsTheSchedulerRunningAndWaitingStayWithinTheirBound() throws Exception {
        // Two places and one waiting: three requests at most, even while the scheduler's thread is too busy to fill
        // its free place (a listener holding it stands for a long pass).
        try (Runtime rt = new Runtime(false, Precision.F32); Model model = rt.load("gguf-i2s.gguf");
                BatchScheduler scheduler = model.scheduler(new SchedulerOptions(2, 1, 64, 0, 64))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            GenerationOptions longRun = GenerationOptions.greedy().withMaxTokens(20).withIgnoreStopTokens(true);
            PendingGeneration held = scheduler.submit(new GenerationRequest(prompt(3, 4), longRun),
                    holding(started, release));
            assertTrue(started.await(WAIT, TimeUnit.SECONDS));
            List<PendingGeneration> waiting = List.of(
                    scheduler.submit(new GenerationRequest(prompt(4, 4), longRun), TokenListener.NONE),
                    scheduler.submit(new GenerationRequest(prompt(5, 4), longRun), TokenListener.NONE));
            QueueFullException full = assertThrows(QueueFullException.class,
                    () -> scheduler.submit(new GenerationRequest(prompt(6, 4), longRun), TokenListener.NONE));
            assertTrue(full.retryAfterSeconds() >= 1);
            assertEquals(1, scheduler.stats().active());
            assertEquals(2, scheduler.stats().queued());
            release.countDown();
            assertEquals(FinishReason.LENGTH, held.result().get(WAIT, TimeUnit.SECONDS).finishReason());
            for (PendingGeneration p : waiting) {
                assertEquals(FinishReason.LENGTH, p.result().get(WAIT, TimeUnit.SECONDS).finishReason());
            }
            assertEquals(0, scheduler.stats().active());
        }
    }

    @Test
    void closingTheModelCancelsEverythingAndReturnsThePool() throws Exception {
        try (Runtime rt = new Runtime(false, Precision.F32)) {
            long before = rt.pool.stats().bytesInUse();
            Model model = rt.load("gguf-i2s.gguf");
            BatchScheduler scheduler = model.scheduler(new SchedulerOptions(2, 4, 64, 2, 64));
            List<PendingGeneration> pending = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                pending.add(scheduler.submit(new GenerationRequest(prompt(r, 5), GenerationOptions.greedy()
                        .withMaxTokens(50).withIgnoreStopTokens(true)), TokenListener.NONE));
            }
            model.close();
            for (PendingGeneration p : pending) {
                GenerationResult g = p.result().get(WAIT, TimeUnit.SECONDS);
                assertTrue(g.finishReason() == FinishReason.CANCELLED || g.finishReason() == FinishReason.LENGTH);
            }
            assertEquals(before, rt.pool.stats().bytesInUse());
        }
    }
}
