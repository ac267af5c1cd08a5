package bitnet.backend.metal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import bitnet.api.quant.QuantizationException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.metal.abi.FakeMetal;
import bitnet.backend.metal.abi.MetalStatus;
import bitnet.backend.natives.BundleFiles;
import bitnet.backend.natives.HostPlatform;
import bitnet.backend.natives.NativeLibraryLocator;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The component on this machine (no Metal: it activates, says why, refuses work) and over a fake native library:
 * what it stages, launches and copies back, how native errors surface, and that stopping waits for calls in flight
 * before closing the device. The fake runs no kernel; results here prove the plumbing, not the shaders.
 */
class MetalBackendTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);

    @TempDir
    Path data;

    @AfterAll
    static void close() {
        POOL.close();
    }

    static MetalBackend.Config config(long minElements) {
        return new MetalBackend.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MetalBackend.Config.class;
            }

            @Override
            public int device() {
                return 0;
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

    private BundleFiles noFragment() {
        return new BundleFiles() {
            @Override
            public String symbolicName() {
                return "bitnet.backend.metal";
            }

            @Override
            public List<String> attachedFragments() {
                return List.of(MetalStartup.FRAGMENT);
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

    private static MetalBackend withFake(FakeMetal nat, long minElements) {
        return new MetalBackend(config(minElements), () -> MetalStartup.open(nat, null, 0,
                new NativeLibraryLocator.Missing("no metallib in this test")), null);
    }

    @Test
    void onThisMachineItActivatesReportsWhyAndRefusesWork() throws InterruptedException {
        HostPlatform here = HostPlatform.current();
        MetalBackend backend = new MetalBackend(config(0), () -> MetalStartup.start(noFragment(), here, 0), null);
        String reason = backend.availability().reason();
        assertFalse(backend.availability().available());
        if (here.unsupportedReason("Metal").isPresent()) {
            assertEquals("Metal needs macOS on aarch64; this is " + here, reason);
        } else {
            assertTrue(reason.startsWith("native file libbitnet_metal.dylib not found"), reason);
        }
        assertEquals("metal", backend.info().name());
        assertEquals("metal", backend.info().device().kind());
        assertEquals("Metal kernels through libbitnet_metal (FFM), not loaded", backend.info().detail());
        assertTrue(backend.supports(Op.MATMUL, DType.F32), "what it could run is still declared");
        try (Tensor a = F.randn(DType.F32, 1, 8); Tensor out = F.empty(DType.F32, 8)) {
            OpCall call = new OpCall.Unary(Op.EXP, a, out);
            assertFalse(backend.accepts(call));
            var e = assertThrows(BackendUnavailableException.class, () -> backend.execute(call));
            assertEquals("metal: " + reason, e.getMessage());
        }
        backend.deactivate();
    }

    @Test
    void aStartupThatThrowsStillActivates() {
        MetalBackend backend = new MetalBackend(config(0), () -> {
            throw new UnsatisfiedLinkError("dlopen failed");
        }, null);
        assertTrue(backend.availability().reason().startsWith("Metal failed to start: "));
    }

    @Test
    void startupReasonsForMissingDevicesAndBrokenShaders() {
        FakeMetal none = new FakeMetal();
        none.devices = 0;
        assertEquals(new MetalStartup.Unavailable("no Metal device"), MetalStartup.open(none, null, 0,
                new NativeLibraryLocator.Missing("")));
        FakeMetal one = new FakeMetal();
        assertEquals(new MetalStartup.Unavailable("Metal device 2 configured, but there is 1 device"),
                MetalStartup.open(one, null, 2, new NativeLibraryLocator.Missing("")));
        one.failOpenWith = MetalStatus.toException("bm_open", 2, "program_source:12: error");
        var r = assertInstanceOf(MetalStartup.Unavailable.class, MetalStartup.open(one, null, 0,
                new NativeLibraryLocator.Missing("")));
        assertEquals("Metal device 0 did not open: metal: bm_open failed (LIBRARY): program_source:12: error",
                r.reason());
        assertEquals(List.of("open 0 source"), one.calls, "no metallib: the sources compile; a bad index never opens");
    }

    @Test
    void aCallIsStagedLaunchedInOneCommandBufferAndCopiedBack() throws InterruptedException {
        FakeMetal nat = new FakeMetal();
        // The fake writes a marker (not a result) into the output binding, to see it copied back.
        nat.onDispatch = d -> {
            MemorySegment out = nat.memory(d.bindings().get(2));
            for (int i = 0; i < 6; i++) {
                out.setAtIndex(ValueLayout.JAVA_FLOAT, i, 100 + i);
            }
        };
        MetalBackend backend = withFake(nat, 0);
        assertTrue(backend.availability().available());
        assertEquals("Fake GPU, unified memory, 1024 threads/threadgroup", backend.info().detail());
        try (Tensor a = F.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor b = F.of(new float[] {10, 20, 30}, 3);
                Tensor bb = b.broadcastTo(2, 3); Tensor out = F.empty(DType.F32, 2, 3)) {
            OpCall call = new OpCall.Binary(Op.ADD, a, bb, out);
            assertTrue(backend.accepts(call));
            backend.execute(call);
            assertEquals(List.of("begin", "dispatch bm_binary_add_f32", "commit"), nat.calls.subList(1, 4));
            FakeMetal.Recorded r = nat.dispatches.get(0);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, floats(r.boundBytes().get(0), 6));
            assertArrayEquals(new float[] {10, 20, 30}, floats(r.boundBytes().get(1), 3));
            assertArrayEquals(new float[] {100, 101, 102, 103, 104, 105}, out.toFloatArray());
        }
        backend.deactivate();
        assertEquals(0, nat.liveBuffers(), "every device buffer is freed");
        assertEquals("close", nat.calls.get(nat.calls.size() - 1));
    }

    private static float[] floats(byte[] bytes, int n) {
        return MemorySegment.ofArray(bytes).asSlice(0, n * 4L).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
    }

    @Test
    void bitLinearRunsBothKernelsAndRejectsNonFiniteInputLikeTheCpu() throws InterruptedException {
        FakeMetal nat = new FakeMetal();
        MetalBackend backend = withFake(nat, 0);
        try (Tensor w = F.of(new byte[] {1, -1, 0, 0, 1, -1}, 2, 3); Tensor g = F.of(new float[] {0.5f}, new long[0]);
                Tensor x = F.of(new float[] {1, -2, 3, 0.5f, 0, 1}, 2, 3); Tensor out = F.empty(DType.F32, 2, 2)) {
            Tensor codes = w.to(DType.TERNARY);
            OpCall.BitLinear call = new OpCall.BitLinear(codes, g, x, null, out);
            backend.execute(call);
            assertEquals(List.of("dispatch bm_quantize_act_i8", "dispatch bm_bitlinear_t2_i8"), nat.calls.stream()
                    .filter(c -> c.startsWith("dispatch")).toList());
            x.setFloat(Float.NaN, 1, 2);
            var e = assertThrows(QuantizationException.class, () -> backend.execute(call));
            assertTrue(e.getMessage().contains("index 5"), e.getMessage());
            codes.close();
        }
        backend.deactivate();
    }

    @Test
    void aFailedCommandBufferLeavesTheOutputAndFreesTheBuffers() throws InterruptedException {
        FakeMetal nat = new FakeMetal();
        nat.failCommitWith = MetalStatus.toException("bm_batch_commit", 8, "device removed");
        MetalBackend backend = withFake(nat, 0);
        try (Tensor a = F.randn(DType.F32, 3, 10); Tensor out = F.zeros(DType.F32, 10)) {
            assertThrows(BackendUnavailableException.class, () -> backend.execute(new OpCall.Unary(Op.TANH, a, out)));
            assertArrayEquals(new float[10], out.toFloatArray());
            assertEquals(0, nat.liveBuffers());
        }
        nat.onDispatch = d -> {
            throw MetalStatus.toException("bm_batch_dispatch", 3, "no kernel");
        };
        try (Tensor a = F.randn(DType.F32, 3, 10); Tensor out = F.zeros(DType.F32, 10)) {
            assertThrows(RuntimeException.class, () -> backend.execute(new OpCall.Unary(Op.TANH, a, out)));
            assertEquals("abort", nat.calls.get(nat.calls.size() - 1), "a batch that failed to encode is aborted");
        }
        backend.deactivate();
    }

    @Test
    void smallCallsAreLeftToTheCpuBackends() throws InterruptedException {
        MetalBackend backend = withFake(new FakeMetal(), 100);
        try (Tensor a = F.randn(DType.F32, 3, 99); Tensor out = F.empty(DType.F32, 99);
                Tensor b = F.randn(DType.F32, 3, 100); Tensor out2 = F.empty(DType.F32, 100)) {
            assertFalse(backend.accepts(new OpCall.Unary(Op.EXP, a, out)));
            assertTrue(backend.accepts(new OpCall.Unary(Op.EXP, b, out2)));
        }
        backend.deactivate();
    }

    @Test
    void stoppingWaitsForTheCallInFlightBeforeClosingTheDevice() throws Exception {
        FakeMetal nat = new FakeMetal();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        nat.onDispatch = d -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        MetalBackend backend = withFake(nat, 0);
        try (Tensor a = F.randn(DType.F32, 3, 10); Tensor out = F.empty(DType.F32, 10)) {
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
            assertEquals("backend 'metal' is stopping", backend.availability().reason());
            assertThrows(BackendUnavailableException.class, () -> backend.execute(new OpCall.Unary(Op.EXP, a, out)));
            assertFalse(nat.calls.contains("close"), "the device stays open while a call runs");
            assertTrue(nat.liveBuffers() > 0);
            release.countDown();
            worker.join(10_000);
            stopper.join(10_000);
            assertFalse(worker.isAlive() || stopper.isAlive(), "the call and the deactivation finished within 10 s");
            assertTrue(nat.calls.contains("close"));
            assertEquals(0, nat.liveBuffers());
        }
    }
}
