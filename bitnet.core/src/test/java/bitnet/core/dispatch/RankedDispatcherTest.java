package bitnet.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.DispatchPlan;
import bitnet.api.dispatch.NoBackendAvailableException;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

class RankedDispatcherTest {
    private final PooledTensorFactory factory = new PooledTensorFactory(HybridMemoryPool.withDefaults());
    private final List<Registration> registered = new CopyOnWriteArrayList<>();
    private final RankedDispatcher dispatcher = new RankedDispatcher(() -> List.copyOf(registered));
    private final List<Tensor> tensors = new ArrayList<>();

    @AfterEach
    void close() {
        tensors.forEach(Tensor::close);
    }

    private FakeBackend register(FakeBackend b, int ranking, long serviceId) {
        registered.add(new Registration(b, ranking, serviceId));
        return b;
    }

    private OpCall relu() {
        Tensor in = factory.zeros(DType.F32, 1);
        Tensor out = factory.zeros(DType.F32, 1);
        tensors.add(in);
        tensors.add(out);
        return new OpCall.Unary(Op.RELU, in, out);
    }

    @Test
    void highestRankingRunsAndTiesGoToTheLowestServiceId() {
        register(new FakeBackend("cpu"), 40, 1);
        FakeBackend simdLate = register(new FakeBackend("simd2"), 60, 9);
        FakeBackend simd = register(new FakeBackend("simd"), 60, 5);
        assertEquals("simd", dispatcher.execute(relu()));
        assertEquals(1, simd.executed.get());
        assertEquals(0, simdLate.executed.get());
        List<String> order = dispatcher.backends().stream().map(s -> s.info().name()).toList();
        assertEquals(List.of("simd", "simd2", "cpu"), order);
    }

    @Test
    void aBackendLackingTheOperationIsSkipped() {
        register(new FakeBackend("cpu"), 40, 1);
        register(new FakeBackend("gpu", Op.MATMUL), 100, 2);
        assertEquals("cpu", dispatcher.execute(relu()));
        DispatchPlan plan = dispatcher.plan(Op.RELU, DType.F32);
        assertEquals("cpu", plan.chosen().orElseThrow().name());
        assertFalse(plan.candidates().get(0).eligible());
        assertTrue(plan.candidates().get(0).reason().contains("does not implement relu"));
        assertEquals("gpu", dispatcher.plan(Op.MATMUL, DType.F32).chosen().orElseThrow().name());
        assertEquals(List.of("gpu", "cpu"),
                dispatcher.plan(Op.MATMUL, DType.F32).fallbackChain().stream().map(DispatchPlan.Candidate::name)
                        .toList());
    }

    @Test
    void unavailableAndDecliningBackendsAreSkipped() {
        register(new FakeBackend("cpu"), 40, 1);
        FakeBackend metal = register(new FakeBackend("metal"), 80, 2);
        FakeBackend simd = register(new FakeBackend("simd"), 60, 3);
        metal.availability = bitnet.api.backend.Availability.unavailable("no Metal device");
        simd.behaviour = FakeBackend.Behaviour.DECLINES;
        assertEquals("cpu", dispatcher.execute(relu()));
        assertEquals(0, metal.executed.get());
        assertEquals(0, simd.executed.get());
        assertTrue(dispatcher.plan(Op.RELU, DType.F32).candidates().get(0).reason().contains("no Metal device"));
    }

    @Test
    void aBackendGoingAwayOrFailingMidCallIsRetriedOnTheNext() {
        FakeBackend cpu = register(new FakeBackend("cpu"), 40, 1);
        FakeBackend simd = register(new FakeBackend("simd"), 60, 2);
        FakeBackend gpu = register(new FakeBackend("gpu"), 100, 3);
        simd.behaviour = FakeBackend.Behaviour.GOES_AWAY;
        gpu.behaviour = FakeBackend.Behaviour.THROWS;
        OpCall call = relu();
        assertEquals("cpu", dispatcher.execute(call));
        assertEquals(1, gpu.executed.get());
        assertEquals(1, simd.executed.get());
        assertEquals(1, cpu.executed.get());
        assertEquals(3f, call.output().getFloat(0));
    }

    @Test
    void invalidInputReachesTheCallerWithoutARetry() {
        FakeBackend cpu = register(new FakeBackend("cpu"), 40, 1);
        FakeBackend simd = register(new FakeBackend("simd"), 60, 2);
        simd.behaviour = FakeBackend.Behaviour.BAD_INPUT;
        bitnet.api.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                bitnet.api.InvalidInputException.class, () -> dispatcher.execute(relu()));
        assertTrue(e.getMessage().contains("NaN at index 3"));
        assertEquals(0, cpu.executed.get());
        org.junit.jupiter.api.Assertions.assertThrows(bitnet.api.InvalidInputException.class,
                () -> dispatcher.executeOn("simd", relu()));
    }

    @Test
    void retryTakesAFreshSnapshot() {
        FakeBackend simd = new FakeBackend("simd") {
            @Override
            public void execute(OpCall call) {
                // Unregistered while running: the retry must not see it, and must see a backend that arrived.
                registered.removeIf(r -> r.backend() == this);
                registered.add(new Registration(new FakeBackend("late"), 50, 7));
                throw new bitnet.api.backend.BackendUnavailableException("simd is stopping");
            }
        };
        register(simd, 60, 2);
        assertEquals("late", dispatcher.execute(relu()));
    }

    @Test
    void whenNothingCanRunTheMessageListsEveryReason() {
        FakeBackend simd = register(new FakeBackend("simd"), 60, 2);
        simd.behaviour = FakeBackend.Behaviour.GOES_AWAY;
        register(new FakeBackend("gpu", Op.MATMUL), 100, 3);
        NoBackendAvailableException e = assertThrows(NoBackendAvailableException.class,
                () -> dispatcher.execute(relu()));
        assertTrue(e.getMessage().contains("relu"), e.getMessage());
        assertTrue(e.getMessage().contains("gpu: does not implement relu"), e.getMessage());
        assertTrue(e.getMessage().contains("simd: simd is stopping"), e.getMessage());
        registered.clear();
        assertTrue(assertThrows(NoBackendAvailableException.class, () -> dispatcher.execute(relu())).getMessage()
                .contains("no backend is registered"));
    }

    @Test
    void executeOnPinsOneBackendWithoutFallback() {
        FakeBackend cpu = register(new FakeBackend("cpu"), 40, 1);
        FakeBackend simd = register(new FakeBackend("simd"), 60, 2);
        dispatcher.executeOn("cpu", relu());
        assertEquals(1, cpu.executed.get());
        simd.behaviour = FakeBackend.Behaviour.THROWS;
        assertThrows(NoBackendAvailableException.class, () -> dispatcher.executeOn("simd", relu()));
        assertEquals(1, cpu.executed.get());
        assertThrows(NoBackendAvailableException.class, () -> dispatcher.executeOn("mlx", relu()));
    }
}
