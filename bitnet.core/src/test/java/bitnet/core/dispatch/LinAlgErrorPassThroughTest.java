package bitnet.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.backend.OpCall;
import bitnet.api.linalg.NotPositiveDefiniteException;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** An input error from a backend (LinAlgException) reaches the caller as it is; no other backend is tried. */
class LinAlgErrorPassThroughTest {
    private final PooledTensorFactory factory = new PooledTensorFactory(HybridMemoryPool.withDefaults());

    private static FakeBackend rejecting(String name) {
        return new FakeBackend(name) {
            @Override
            public void execute(OpCall call) {
                executed.incrementAndGet();
                throw new NotPositiveDefiniteException(3);
            }
        };
    }

    @Test
    void notPositiveDefiniteIsNotRetriedOnTheNextBackend() {
        FakeBackend cpu = rejecting("cpu");
        FakeBackend simd = rejecting("simd");
        RankedDispatcher dispatcher = new RankedDispatcher(() -> List.of(new Registration(cpu, 40, 1),
                new Registration(simd, 60, 2)));
        try (Tensor a = factory.zeros(DType.F32, 3, 3); Tensor l = factory.empty(DType.F32, 3, 3)) {
            OpCall call = new OpCall.Factor(Op.CHOLESKY, a, List.of(l));
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> dispatcher.execute(call));
            assertEquals(3, e.minorOrder());
            assertEquals(1, simd.executed.get());
            assertEquals(0, cpu.executed.get());
            assertThrows(NotPositiveDefiniteException.class, () -> dispatcher.executeOn("cpu", call));
        }
    }
}
