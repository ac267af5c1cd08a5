package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPressureListener.PressureEvent;
import bitnet.api.precision.AccuracyReport;
import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Objectives;
import bitnet.api.precision.Optimization;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionChange;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionPlan;
import bitnet.api.precision.PrecisionPolicy;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;

class PrecisionManagerTest {
    private static final List<PrecisionPolicy> BUILT_IN = List.of(new BalancedPolicy(), new AggressivePolicy(),
            new ConservativePolicy());

    private static PrecisionManagerComponent manager(List<PrecisionPolicy> policies) {
        return new PrecisionManagerComponent(Configs.manager(Map.of()), policies, null);
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static LayerSpec bitlinear(String name, int out, int in, int tokens, boolean data) {
        return new LayerSpec(new LayerDescriptor(name, LayerType.BITLINEAR, 0), List.of(
                new ComponentSpec(ComponentType.WEIGHTS, out, in, data ? gaussian(out * in, 1) : null),
                new ComponentSpec(ComponentType.ACTIVATIONS, tokens, in, data ? gaussian(tokens * in, 2) : null)));
    }

    @Test
    void listsPoliciesByNameAndNamesTheMissingOne() {
        PrecisionManagerComponent m = manager(BUILT_IN);
        assertEquals(List.of("aggressive", "balanced", "conservative"),
                m.policies().stream().map(PrecisionPolicy::name).toList());
        PrecisionException e = assertThrows(PrecisionException.class, () -> m.policy("fast"));
        assertTrue(e.getMessage().contains("[aggressive, balanced, conservative]"), e.getMessage());
        assertEquals("balanced", m.activePolicy());
    }

    @Test
    void planCountsBytesExactly() {
        PrecisionManagerComponent m = manager(BUILT_IN);
        m.register(bitlinear("l", 4, 8, 2, false));
        PrecisionPlan plan = m.plan("conservative", m.layers());
        // weights 32 trits: 8 packed bytes + 4 for gamma; activations 16 int8 + 2 row scales of 4 bytes.
        assertEquals(List.of(12L, 24L), plan.entries().stream().map(PlanEntry::bytes).toList());
        assertEquals(36, plan.totalBytes());
        assertEquals(192, plan.f32Bytes());
        assertEquals(Map.of(Precision.TERNARY, 12L, Precision.INT8, 24L), plan.bytesByPrecision());
        assertEquals(36, plan.bytesMoved());
        assertEquals(Double.NaN, plan.memoryUse(), "no pool");
        assertTrue(m.unregister("l"));
        assertEquals(0, m.plan().entries().size());
    }

    @Test
    void plansTheShippedModelUnderEachPolicy() {
        PrecisionManagerComponent m = manager(BUILT_IN);
        List<LayerSpec> model = m.model("bitnet-b1.58-2b4t", 4096);
        long conservative = m.plan("conservative", model).totalBytes();
        long balanced = m.plan("balanced", model).totalBytes();
        long aggressive = m.plan("aggressive", model).totalBytes();
        assertTrue(conservative > balanced && balanced > aggressive, conservative + " " + balanced + " " + aggressive);
        PrecisionPlan plan = m.plan("balanced", model);
        assertEquals(plan.totalBytes(), plan.bytesByPrecision().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(plan.totalBytes(), plan.bytesByComponent().values().stream().mapToLong(Long::longValue).sum());
        assertThrows(PrecisionException.class, () -> m.model("gpt-2", 1));
    }

    @Test
    void analysisConvertsTheRegisteredData() {
        PrecisionManagerComponent m = manager(BUILT_IN);
        // Conservative: weights TERNARY, activations INT8 (per row). By hand:
        // weights [0.5, -1.5, 0, 1]: gamma = 0.75, w' = [0.75, -0.75, 0, 0.75], errors [0.25, 0.75, 0, 0.25],
        //   relative RMSE = sqrt((0.0625 + 0.5625 + 0.0625) / (0.25 + 2.25 + 1)), largest relative error 0.5;
        // activations [1, 0.25, -2, 1]: s = 127 / 2 = 63.5, x_q = [64 (63.5, half to even), 16 (15.875), -127, 64],
        //   x' - x = [1/127, 1/508, 0, 1/127], relative RMSE = sqrt((2/127^2 + 1/508^2) / (1 + 0.0625 + 4 + 1)),
        //   largest relative error 1/127.
        m.register(new LayerSpec(new LayerDescriptor("l", LayerType.BITLINEAR, 0), List.of(
                new ComponentSpec(ComponentType.WEIGHTS, 1, 4, new float[] {0.5f, -1.5f, 0f, 1f}),
                new ComponentSpec(ComponentType.ACTIVATIONS, 1, 4, new float[] {1f, 0.25f, -2f, 1f}))));
        AccuracyReport report = m.analyse(m.plan("conservative", m.layers()));
        double weights = Math.sqrt(0.6875 / 3.5);
        double activations = Math.sqrt((2.0 / (127 * 127) + 1.0 / (508 * 508)) / 6.0625);
        assertEquals(Precision.TERNARY, report.entries().get(0).entry().precision());
        assertEquals(Precision.INT8, report.entries().get(1).entry().precision());
        assertEquals(weights, report.entries().get(0).error().relativeRmse(), 1e-7);
        assertEquals(0.5, report.entries().get(0).error().maxRelativeError(), 1e-7);
        assertEquals(activations, report.entries().get(1).error().relativeRmse(), 1e-7);
        assertEquals(1.0 / 127, report.entries().get(1).error().maxRelativeError(), 1e-7);
        // Averaged with the element counts (4 and 4) as weights.
        assertEquals((weights * 4 + activations * 4) / 8, report.meanRelativeRmse(), 1e-7);
        assertEquals(0.5, report.maxRelativeError(), 1e-7);
    }

    @Test
    void errorRulesMeasureTheRegisteredData() {
        PrecisionManagerComponent m = manager(List.of(
                new RulePolicy("tight", "", List.of("rule e error<=0.01 -> INT4", "default -> F32")),
                new RulePolicy("loose", "", List.of("rule e error<=0.2 -> INT4", "default -> F32"))));
        List<LayerSpec> layers = List.of(bitlinear("l", 16, 64, 1, true));
        assertEquals(Precision.F32, m.plan("tight", layers).entries().get(0).precision());
        PlanEntry loose = m.plan("loose", layers).entries().get(0);
        assertEquals(Precision.INT4, loose.precision());
        assertEquals("rule e error<=0.2 -> INT4", loose.decision().reason());
        List<LayerSpec> shapes = List.of(bitlinear("l", 16, 64, 1, false));
        assertEquals(Precision.F32, m.plan("loose", shapes).entries().get(0).precision(), "no data, no error");
    }

    @Test
    void optimisationFollowsTheWeights() {
        PrecisionManagerComponent m = manager(BUILT_IN);
        List<LayerSpec> layers = new ArrayList<>(List.of(bitlinear("l", 16, 32, 4, true)));
        layers.add(new LayerSpec(new LayerDescriptor("emb", LayerType.EMBEDDING, -1),
                List.of(new ComponentSpec(ComponentType.WEIGHTS, 128, 64, gaussian(128 * 64, 3)))));
        List<String> all = List.of("conservative", "balanced", "aggressive");
        Optimization memory = m.optimise(all, layers, new Objectives(1, 0, 0));
        Optimization accuracy = m.optimise(all, layers, new Objectives(0, 0, 1));
        assertEquals("aggressive", memory.best().policy());
        assertEquals("conservative", accuracy.best().policy());
        assertEquals(3, memory.candidates().size());
        assertEquals(1.0, memory.candidates().get(0).score(), 1e-12);
        assertTrue(memory.candidates().get(0).bytes() <= memory.candidates().get(2).bytes());
        assertThrows(PrecisionException.class, () -> m.optimise(List.of("nope"), layers, new Objectives(1, 1, 1)));
    }

    @Test
    void poolPressureLowersTheDesignatedComponentsAndIsReported() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults().withLimit(64L << 20))) {
            PrecisionManagerComponent m = new PrecisionManagerComponent(Configs.manager(Map.of()), BUILT_IN, pool);
            List<PrecisionChange> told = new ArrayList<>();
            m.setListeners(List.of(told::add));
            pool.addPressureListener(m);
            List<LayerSpec> model = m.model("bitnet-b1.58-2b4t", 16);
            PrecisionPlan before = m.plan("balanced", model);
            assertEquals(Precision.F16, kv(before));
            try (MemoryBlock big = pool.allocate(50L << 20)) {
                assertEquals(1, m.adjustmentLevel());
                PrecisionPlan after = m.plan("balanced", model);
                assertEquals(Precision.INT8, kv(after));
                assertTrue(after.totalBytes() < before.totalBytes());
                assertTrue(after.memoryUse() >= 0.75, "use " + after.memoryUse());
                PlanEntry scores = entry(after, ComponentType.ATTENTION_SCORES);
                assertEquals(Precision.F32, scores.decision().precision());
                assertEquals(Precision.BF16, scores.precision());
                assertTrue(scores.adjusted());
                assertEquals(Precision.TERNARY, after.entries().stream()
                        .filter(e -> e.layer().type() == LayerType.BITLINEAR).findFirst().orElseThrow().precision(),
                        "not designated");
            }
            assertEquals(2, told.size(), "rose past 0.75 on allocation, fell below it on free: " + told);
            PrecisionChange c = told.get(0);
            assertEquals("cpu", c.pool());
            assertEquals(0.75, c.threshold());
            assertTrue(c.rising());
            assertEquals(0, c.levelBefore());
            assertEquals(1, c.levelAfter());
            assertEquals(List.of(ComponentType.KV_CACHE, ComponentType.ATTENTION_SCORES), c.components());
            assertEquals(false, told.get(1).rising());
            assertEquals(0, told.get(1).levelAfter());
            assertEquals(told, m.changes());
            assertEquals(Precision.F16, kv(m.plan("balanced", model)));
            m.onPressure(new PressureEvent("cpu", 0.75, 50L << 20, 64L << 20, true));
            m.onPressure(new PressureEvent("cpu", 0.9, 60L << 20, 64L << 20, true));
            m.onPressure(new PressureEvent("cpu", 0.9, 60L << 20, 64L << 20, true));
            assertEquals(2, m.adjustmentLevel());
            assertEquals(Precision.INT4, kv(m.plan("balanced", model)));
            assertEquals(4, m.changes().size(), "a repeated event changes nothing");
            m.onPressure(new PressureEvent("cpu", 0.9, 1, 64L << 20, false));
            m.onPressure(new PressureEvent("cpu", 0.75, 1, 64L << 20, false));
            assertEquals(0, m.adjustmentLevel());
            assertEquals(Precision.F16, kv(m.plan("balanced", model)));
        }
    }

    @Test
    void aFailingListenerDoesNotReachThePool() {
        PrecisionManagerComponent m = manager(BUILT_IN);
        m.setListeners(List.of(c -> {
            throw new IllegalStateException("listener bug");
        }));
        m.onPressure(new PressureEvent("cpu", 0.75, 3, 4, true));
        assertEquals(1, m.adjustmentLevel());
        assertEquals(1, m.changes().size());
    }

    private static Precision kv(PrecisionPlan plan) {
        return entry(plan, ComponentType.KV_CACHE).precision();
    }

    private static PlanEntry entry(PrecisionPlan plan, ComponentType type) {
        return plan.entries().stream().filter(e -> e.component().component() == type).findFirst().orElseThrow();
    }
}
