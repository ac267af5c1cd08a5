package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelLoader;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.precision.Precision;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorClosedException;
import bitnet.api.tensor.TensorFactory;

/**
 * A soak: worker threads run a mixed workload through the dispatcher and the inference runtime while a chaos thread,
 * at seeded random moments, stops and starts the SIMD bundle, changes the pool's limit and tracking level through
 * Configuration Admin, and tensors are closed from other threads than the ones that made them. Every result is
 * compared with the CPU reference (greedy generations with the float64 reference's tokens): no wrong result is
 * allowed; at the end every pool byte is back and the leak detector reports nothing. Runs {@code bitnet.soak.seconds}
 * (30 s in the build; {@code -Dbitnet.soak.seconds=3600} for an hour, see docs/reliability.md).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SoakIT {
    private static final String POOL_PID = "bitnet.memory.cpu";
    private static final Path TINY = Path.of(System.getProperty("bitnet.root"), "bitnet.model/src/test/resources/tiny");

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private TensorOps ops;
    @Inject
    private TensorFactory factory;
    @Inject
    private MemoryPool pool;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private ModelLoader loader;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> wrong = new CopyOnWriteArrayList<>();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong refusedForMemory = new AtomicLong();

    @Test
    public void aMixedWorkloadUnderChaosGivesNoWrongResultAndLeavesNothingBehind() throws Exception {
        long seconds = Long.getLong("bitnet.soak.seconds", 30);
        long before = pool.stats().bytesInUse();
        long leaksBefore = pool.metrics().leaksDetected();
        JsonNode greedy = new ObjectMapper().readTree(TINY.resolve("reference/model-a/greedy.json").toFile());
        int[] prompt = ints(greedy.get("prompt_ids"));
        int[] want = ints(greedy.get("generated_ids"));
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Tensor> handOff = new ConcurrentLinkedQueue<>();
        try (Model model = loader.load(TINY.resolve("gguf-i2s.gguf"))) {
            for (int w = 0; w < 2; w++) {
                long seed = 100 + w;
                threads.add(Thread.ofPlatform().name("soak-ops-" + w).start(() -> opsLoop(seed, handOff)));
            }
            threads.add(Thread.ofPlatform().name("soak-model").start(() -> modelLoop(model, prompt, want)));
            threads.add(Thread.ofPlatform().name("soak-closer").start(() -> closeLoop(handOff)));
            try {
                chaos(seconds);
            } finally {
                // The workers stop before the model they use is closed.
                running.set(false);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
            }
        } finally {
            running.set(false);
            Tensor t;
            while ((t = handOff.poll()) != null) {
                t.close();
            }
            restorePool();
            Bundle simd = simd();
            if (simd.getState() != Bundle.ACTIVE) {
                simd.start();
            }
        }
        assertTrue("wrong results: " + wrong, wrong.isEmpty());
        assertTrue("unexpected failures: " + unexpected, unexpected.isEmpty());
        assertTrue("work was done: " + operations.get(), operations.get() > 50);
        assertTrue("faults were injected: " + faults.get(), faults.get() >= 3);
        Platform.await(() -> pool.stats().bytesInUse() == before, "every pool byte back (in use "
                + pool.stats().bytesInUse() + ", before " + before + ")");
        assertEquals("leaks", leaksBefore, pool.metrics().leaksDetected());
        System.out.printf("soak: %d s, %d operations, %d injected faults, %d refused for memory, 0 wrong results%n",
                seconds, operations.get(), faults.get(), refusedForMemory.get());
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        Arrays.setAll(r, i -> a.get(i).asInt());
        return r;
    }

    // Seeded operations, each compared with the CPU reference computing the same call.
    private void opsLoop(long seed, ConcurrentLinkedQueue<Tensor> handOff) {
        Random r = new Random(seed);
        while (running.get()) {
            int kind = r.nextInt(5);
            long s = r.nextLong();
            try {
                switch (kind) {
                    case 0 -> compare("matmul", made -> new OpCall.MatMul(
                            track(made, factory.randn(DType.F32, s, 1, 24, 40)),
                            track(made, factory.randn(DType.F32, s + 1, 1, 40, 16)),
                            track(made, factory.empty(DType.F32, 1, 24, 16))), 1e-3f);
                    case 1 -> compare("softmax", made -> new OpCall.Softmax(Op.SOFTMAX,
                            track(made, factory.randn(DType.F32, s, 8, 33)), 1,
                            track(made, factory.empty(DType.F32, 8, 33))), 1e-5f);
                    case 2 -> compare("rms_norm", made -> new OpCall.Norm(Op.RMS_NORM,
                            track(made, factory.randn(DType.F32, s, 5, 64)),
                            track(made, factory.rand(DType.F32, s + 1, 64)), null, 1e-5f,
                            track(made, factory.empty(DType.F32, 5, 64))), 1e-4f);
                    case 3 -> bitLinear(s);
                    default -> {
                        // A tensor made here, a view of it handed to another thread that closes it.
                        Tensor t = factory.randn(DType.F32, s, 256);
                        try {
                            float sum = 0;
                            for (float v : t.toFloatArray()) {
                                sum += v;
                            }
                            handOff.add(t.slice());
                            try (Tensor total = ops.reduce(Op.SUM, t, false, 0, 0)) {
                                if (Math.abs(total.getFloat() - sum) > 1e-3f) {
                                    wrong.add("sum of a tensor shared with another thread: " + total.getFloat()
                                            + " != " + sum);
                                }
                            }
                        } finally {
                            t.close();
                        }
                    }
                }
                operations.incrementAndGet();
            } catch (OutOfPoolMemoryException e) {
                refusedForMemory.incrementAndGet();
            } catch (Throwable e) {
                unexpected.add(e);
            }
        }
    }

    private void bitLinear(long seed) {
        try (Tensor w = factory.randn(DType.F32, seed, 48, 96);
                QuantizedTensor q = ops.quantize(w, QuantSpec.ternary());
                Tensor x = factory.randn(DType.F32, seed + 1, 3, 96);
                Tensor y = ops.bitLinear(q.values(), q.scales(), x, null);
                Tensor ref = factory.empty(DType.F32, 3, 48)) {
            dispatcher.executeOn("cpu", new OpCall.BitLinear(q.values(), q.scales(), x, null, ref));
            check("bitlinear", y.toFloatArray(), ref.toFloatArray(), 1e-4f);
        }
    }

    private static Tensor track(List<Tensor> made, Tensor t) {
        made.add(t);
        return t;
    }

    // Runs the call on the dispatcher's choice and on the CPU reference; every tensor made is closed, even when an
    // allocation is refused half way.
    private void compare(String what, java.util.function.Function<List<Tensor>, OpCall> maker, float tolerance) {
        List<Tensor> made = new ArrayList<>();
        try {
            OpCall call = maker.apply(made);
            Tensor ref = track(made, factory.empty(DType.F32, call.output().shape()));
            dispatcher.execute(call);
            dispatcher.executeOn("cpu", withOutput(call, ref));
            check(what, call.output().toFloatArray(), ref.toFloatArray(), tolerance);
        } finally {
            made.forEach(Tensor::close);
        }
    }

    private static OpCall withOutput(OpCall call, Tensor out) {
        return switch (call) {
            case OpCall.MatMul m -> new OpCall.MatMul(m.a(), m.b(), out);
            case OpCall.Softmax s -> new OpCall.Softmax(s.op(), s.input(), s.axis(), out);
            case OpCall.Norm n -> new OpCall.Norm(n.op(), n.input(), n.weight(), n.bias(), n.eps(), out);
            default -> throw new IllegalArgumentException(call.toString());
        };
    }

    private void check(String what, float[] got, float[] want, float tolerance) {
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= tolerance * Math.max(1, Math.abs(want[i])))) {
                wrong.add(what + " element " + i + ": " + got[i] + " != " + want[i]);
                return;
            }
        }
    }

    // Greedy generations, each checked against the float64 reference's tokens.
    private void modelLoop(Model model, int[] prompt, int[] want) {
        while (running.get()) {
            try (Session s = model.newSession(64, Precision.F32)) {
                GenerationResult g = s.generate(prompt, GenerationOptions.greedy().withMaxTokens(want.length)
                        .withIgnoreStopTokens(true), TokenListener.NONE);
                if (!Arrays.equals(want, g.tokens())) {
                    wrong.add("greedy tokens " + Arrays.toString(g.tokens()));
                }
                operations.incrementAndGet();
            } catch (OutOfPoolMemoryException e) {
                refusedForMemory.incrementAndGet();
            } catch (Throwable e) {
                unexpected.add(e);
            }
        }
    }

    // Closes, on this thread, views that other threads made and handed over; using one closed view must fail typed.
    private void closeLoop(ConcurrentLinkedQueue<Tensor> handOff) {
        while (running.get() || !handOff.isEmpty()) {
            Tensor t = handOff.poll();
            if (t == null) {
                Thread.onSpinWait();
                continue;
            }
            t.close();
            try {
                t.toFloatArray();
                wrong.add("a closed tensor was readable");
            } catch (TensorClosedException expected) {
                operations.incrementAndGet();
            }
        }
    }

    private void chaos(long seconds) throws Exception {
        Random r = new Random(7);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Bundle simd = simd();
        while (System.nanoTime() < end && wrong.isEmpty() && unexpected.isEmpty()) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + r.nextInt(800)));
            switch (r.nextInt(3)) {
                case 0 -> {
                    if (simd.getState() == Bundle.ACTIVE) {
                        simd.stop();
                    } else {
                        simd.start();
                    }
                }
                case 1 -> configurePool(r.nextBoolean() ? 0 : (64L << 20) + r.nextInt(64) * (1L << 20), null);
                default -> configurePool(-1, List.of("BASIC", "STANDARD", "DETAILED").get(r.nextInt(3)));
            }
            faults.incrementAndGet();
        }
    }

    private void configurePool(long limit, String tracking) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(POOL_PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        if (c.getProperties() != null) {
            for (String k : java.util.Collections.list(c.getProperties().keys())) {
                props.put(k, c.getProperties().get(k));
            }
        }
        if (limit >= 0) {
            props.put("limitBytes", limit);
        }
        if (tracking != null) {
            props.put("trackingLevel", tracking);
        }
        c.update(props);
    }

    private void restorePool() throws Exception {
        configAdmin.getConfiguration(POOL_PID, "?").delete();
        Platform.await(() -> pool.stats().limitBytes() == Long.MAX_VALUE, "the pool's limit lifted");
    }

    private Bundle simd() {
        return Arrays.stream(context.getBundles()).filter(b -> "bitnet.backend.simd".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }
}
