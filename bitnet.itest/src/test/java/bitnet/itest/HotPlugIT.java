package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/** Stopping the SIMD bundle while operations run: every result stays correct, then SIMD comes back. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotPlugIT {
    private static final long WAIT_SECONDS = 30;

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private TensorOps ops;
    @Inject
    private TensorFactory factory;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    private Bundle simdBundle() {
        for (Bundle b : context.getBundles()) {
            if ("bitnet.backend.simd".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bitnet.backend.simd is not installed");
    }

    @Test
    public void stoppingSimdMidLoopKeepsEveryResultCorrectAndStartingItBringsItBack() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch warmedUp = new CountDownLatch(20);
        CountDownLatch afterStop = new CountDownLatch(20);
        CountDownLatch afterRestart = new CountDownLatch(10);
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean restarted = new AtomicBoolean();
        try (Tensor a = factory.randn(DType.F32, 1, 96, 200); Tensor b = factory.randn(DType.F32, 2, 200, 96);
                Tensor a3 = a.reshape(1, 96, 200); Tensor b3 = b.reshape(1, 200, 96);
                Tensor expected = factory.empty(DType.F32, 1, 96, 96)) {
            dispatcher.executeOn("cpu", new OpCall.MatMul(a3, b3, expected));
            float[] reference = expected.toFloatArray();
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    try (Tensor c = ops.matmul(a, b)) {
                        float[] got = c.toFloatArray();
                        for (int i = 0; i < got.length; i++) {
                            if (Math.abs(got[i] - reference[i]) > 1e-3f) {
                                throw new AssertionError("element " + i + ": " + got[i] + " != " + reference[i]);
                            }
                        }
                        done.incrementAndGet();
                        warmedUp.countDown();
                        if (stopped.get()) {
                            afterStop.countDown();
                        }
                        if (restarted.get()) {
                            afterRestart.countDown();
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                        running.set(false);
                    }
                }
            }, "matmul-loop");
            worker.start();
            try {
                assertTrue("loop started", warmedUp.await(WAIT_SECONDS, TimeUnit.SECONDS));
                Bundle simd = simdBundle();
                simd.stop();
                stopped.set(true);
                assertEquals("cpu", dispatcher.plan(Op.MATMUL, DType.F32).chosen().get().name());
                assertTrue("loop goes on after the stop", afterStop.await(WAIT_SECONDS, TimeUnit.SECONDS));
                simd.start();
                Platform.await(context, "(bitnet.backend.name=simd)", WAIT_SECONDS * 1000);
                assertEquals("simd", dispatcher.plan(Op.MATMUL, DType.F32).chosen().get().name());
                restarted.set(true);
                assertTrue("loop goes on after the restart", afterRestart.await(WAIT_SECONDS, TimeUnit.SECONDS));
            } finally {
                running.set(false);
                worker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
        }
        assertTrue("no error reaches the caller: " + errors, errors.isEmpty());
        assertTrue(done.get() >= 50);
    }
}
