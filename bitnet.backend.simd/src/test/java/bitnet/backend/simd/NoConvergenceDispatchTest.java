package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.linalg.LinearAlgebra;
import bitnet.api.linalg.NoConvergenceException;
import bitnet.api.linalg.SvdFactors;
import bitnet.api.linalg.SvdMode;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.linalg.DispatchingLinearAlgebra;
import bitnet.linalg.ForcedIterationCap;

/**
 * A {@link NoConvergenceException} from the kernels of the backend that ran the call reaches the caller as it is: the
 * dispatcher does not run the call again on the next backend (the decision its Javadoc gives), and the results
 * allocated for the failed call are returned to the pool. The non-convergence is forced by lowering the SVD's
 * iteration cap on the real SIMD and CPU backends.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NoConvergenceDispatchTest {
    private static final CpuBackend CPU_BACKEND = new CpuBackend();
    private static final SimdBackend SIMD_BACKEND = new SimdBackend(2);

    /** The real backend, counting the calls that reach it. */
    private static final class Counting implements ComputeBackend {
        private final ComputeBackend backend;
        private final AtomicInteger executed = new AtomicInteger();

        Counting(ComputeBackend backend) {
            this.backend = backend;
        }

        @Override
        public BackendInfo info() {
            return backend.info();
        }

        @Override
        public Availability availability() {
            return backend.availability();
        }

        @Override
        public Set<Op> operations() {
            return backend.operations();
        }

        @Override
        public boolean supports(Op op, DType dtype) {
            return backend.supports(op, dtype);
        }

        @Override
        public boolean accepts(OpCall call) {
            return backend.accepts(call);
        }

        @Override
        public void execute(OpCall call) {
            executed.incrementAndGet();
            backend.execute(call);
        }
    }

    private final Counting cpu = new Counting(CPU_BACKEND);
    private final Counting simd = new Counting(SIMD_BACKEND);
    private final LinearAlgebra la = new DispatchingLinearAlgebra(new RankedDispatcher(() -> List.of(
            new Registration(cpu, 40, 1), new Registration(simd, 60, 2))), LinalgFixture.F);

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD_BACKEND.deactivate();
    }

    @Test
    void noConvergenceIsNotRetriedOnTheNextBackend() throws Exception {
        for (DType dtype : new DType[] {DType.F64, DType.F32}) {
            try (Tensor a = LinalgFixture.tensor(dtype, LinalgFixture.random(43 * 40, 5), 43, 40)) {
                NoConvergenceException e = assertThrows(NoConvergenceException.class,
                        () -> ForcedIterationCap.bidiagonalQr(2, () -> la.svd(a, SvdMode.VALUES_ONLY)));
                assertTrue(e.getMessage().contains("bidiagonal of order 40") && e.getMessage().contains(
                        "in 2 iterations"), e.getMessage());
                assertEquals(1, simd.executed.getAndSet(0), dtype + ": the SIMD backend (ranked first) ran it");
                assertEquals(0, cpu.executed.get(), dtype + ": the CPU backend was not tried");
                // The same call with the normal cap converges on the SIMD backend.
                try (SvdFactors f = la.svd(a, SvdMode.VALUES_ONLY)) {
                    assertTrue(LinalgFixture.values(f.s())[0] > 0, dtype + " largest singular value");
                }
                assertEquals(1, simd.executed.getAndSet(0));
                assertEquals(0, cpu.executed.get());
            }
            assertEquals(0, LinalgFixture.POOL.stats().liveBlocks(), dtype + ": every tensor closed, the failed "
                    + "call's results too");
        }
    }
}
