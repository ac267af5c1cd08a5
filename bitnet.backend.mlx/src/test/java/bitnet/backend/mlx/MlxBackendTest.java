package bitnet.backend.mlx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizationException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.mlx.abi.FakeMlx;
import bitnet.backend.natives.BundleFiles;
import bitnet.backend.natives.HostPlatform;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

class MlxBackendTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    @TempDir
    Path data;

    @AfterAll
    static void close() {
        POOL.close();
    }

    static MlxBackend.Config config(long minElements) {
        return new MlxBackend.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MlxBackend.Config.class;
            }

            @Override
            public long minElements() {
                return minElements;
            }

            @Override
            public int drainSeconds() {
                return 10;
            }
        };
    }

    private BundleFiles emptyFragment() {
        return new BundleFiles() {
            @Override
            public String symbolicName() {
                return "bitnet.backend.mlx";
            }

            @Override
            public List<String> attachedFragments() {
                return List.of(MlxStartup.FRAGMENT);
            }

            @Override
            public InputStream open(String path) {
                return null;
            }

            @Override
            public Path dataFile(String name) {
                return data.resolve(name);
            }
        };
    }

    @Test
    void onThisMachineItActivatesReportsWhyAndRefusesWork() throws InterruptedException {
        HostPlatform here = HostPlatform.current();
        MlxBackend backend = new MlxBackend(config(0), () -> MlxStartup.start(emptyFragment(), here));
        String reason = backend.availability().reason();
        assertFalse(backend.availability().available());
        if (here.unsupportedReason("MLX").isPresent()) {
            assertEquals("MLX needs macOS on aarch64; this is " + here, reason);
        } else {
            assertTrue(reason.startsWith("native file libmlx.dylib not found"), reason);
        }
        assertEquals("mlx-c through FFM, not loaded", backend.info().detail());
        try (Tensor a = F.randn(DType.F32, 1, 8); Tensor out = F.empty(DType.F32, 8)) {
            OpCall call = new OpCall.Unary(Op.EXP, a, out);
            assertFalse(backend.accepts(call));
            assertThrows(BackendUnavailableException.class, () -> backend.execute(call));
        }
        backend.deactivate();
    }

    @Test
    void withoutAMetalDeviceMlxIsUnavailable() {
        FakeMlx nat = new FakeMlx();
        nat.metal = false;
        assertEquals(new MlxStartup.Unavailable("MLX reports no Metal device"), MlxStartup.open(nat, null));
    }

    @Test
    void overAFakeItRunsGraphsAndFreesTheStreamWhenStopped() throws InterruptedException {
        FakeMlx nat = new FakeMlx();
        MlxBackend backend = new MlxBackend(config(4), () -> MlxStartup.open(nat, null));
        assertTrue(backend.availability().available());
        try (Tensor a = F.randn(DType.F32, 1, 8); Tensor out = F.empty(DType.F32, 8);
                Tensor s = F.randn(DType.F32, 1, 3); Tensor so = F.empty(DType.F32, 3)) {
            assertFalse(backend.accepts(new OpCall.Unary(Op.EXP, s, so)), "below minElements");
            backend.execute(new OpCall.Unary(Op.EXP, a, out));
            assertEquals(List.of("1=array[8]:f32", "2=mlx_exp(1)"), nat.graph());
        }
        backend.deactivate();
        assertEquals("free_stream(500)", nat.log.get(nat.log.size() - 1));
        assertEquals("backend 'mlx' is stopping", backend.availability().reason());
    }

    @Test
    void stoppingWaitsForTheEvaluationInFlightBeforeFreeingTheStream() throws Exception {
        FakeMlx nat = new FakeMlx();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        nat.onEval = () -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        MlxBackend backend = new MlxBackend(config(0), () -> MlxStartup.open(nat, null));
        try (Tensor a = F.randn(DType.F32, 2, 16); Tensor out = F.empty(DType.F32, 16)) {
            Thread worker = new Thread(() -> backend.execute(new OpCall.Unary(Op.EXP, a, out)));
            worker.start();
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            Thread stopper = new Thread(() -> {
                try {
                    backend.deactivate();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopper.start();
            // Bounded: a deactivation that never starts fails the test instead of hanging the build.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (backend.availability().available()) {
                assertTrue(System.nanoTime() < deadline, "deactivate() did not refuse new work within 10 s");
                Thread.onSpinWait();
            }
            assertThrows(BackendUnavailableException.class, () -> backend.execute(new OpCall.Unary(Op.EXP, a, out)));
            assertFalse(nat.log.contains("free_stream(500)"), "the stream outlives the call in flight");
            release.countDown();
            worker.join(10_000);
            stopper.join(10_000);
            assertFalse(worker.isAlive() || stopper.isAlive(), "the call and the deactivation finished within 10 s");
            assertEquals("free_stream(500)", nat.log.get(nat.log.size() - 1));
            assertTrue(nat.live.isEmpty());
            assertArrayEquals(new float[] {1000, 1001, 1002}, java.util.Arrays.copyOf(out.toFloatArray(), 3),
                    "the call in flight finished and copied its result");
        }
    }

    @Test
    void quantizeIsTakenForTheBitNetSchemesAndRejectsNonFiniteInputLikeTheCpu() throws InterruptedException {
        FakeMlx nat = new FakeMlx();
        MlxBackend backend = new MlxBackend(config(0), () -> MlxStartup.open(nat, null));
        QuantSpec spec = QuantSpec.int8PerToken();
        try (Tensor x = F.of(new float[] {1, Float.POSITIVE_INFINITY, 3, 4}, 2, 2); Tensor v = F.zeros(DType.I8, 2, 2);
                Tensor s = F.zeros(DType.F32, 2)) {
            OpCall.Quantize call = new OpCall.Quantize(spec, QuantMode.DYNAMIC, x, v, s, null);
            assertTrue(backend.accepts(call));
            assertTrue(backend.supports(Op.QUANTIZE, DType.F32));
            var e = assertThrows(QuantizationException.class, () -> backend.execute(call));
            assertEquals("quantize input holds a non-finite value at index 1: Infinity", e.getMessage());
            assertTrue(nat.graph().isEmpty(), "nothing built");
            assertFalse(backend.accepts(new OpCall.Quantize(QuantSpec.int8Symmetric(true), QuantMode.DYNAMIC, x, v, s,
                    null)));
        }
        backend.deactivate();
    }
}
