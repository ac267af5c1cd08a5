package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import bitnet.api.memory.MemoryPool;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionChange;
import bitnet.api.precision.PrecisionManager;
import bitnet.api.precision.PrecisionPlan;
import bitnet.api.precision.PrecisionPolicy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * Precision policies in a running framework: one added and removed through Configuration Admin, and a pool
 * pressure event lowering the KV cache of a plan, with the change reported by the manager and the shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PrecisionPolicyIT {
    private static final String MODEL = "bitnet-b1.58-2b4t";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private PrecisionManager manager;
    @Inject
    private MemoryPool pool;
    @Inject
    private TensorFactory factory;
    @Inject
    private CommandProcessor commands;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }


    private boolean hasPolicy(String name) {
        return manager.policies().stream().map(PrecisionPolicy::name).anyMatch(name::equals);
    }

    private String shell(String command) throws Exception {
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=policies))", 10_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            return String.valueOf(session.execute(command));
        }
    }

    @Test
    public void aPolicyConfiguredAtRunTimeIsPickedUpAndRemoved() throws Exception {
        Platform.await(() -> hasPolicy("balanced") && hasPolicy("conservative") && hasPolicy("aggressive"),
                "shipped policies");
        org.osgi.service.cm.Configuration c = configAdmin.createFactoryConfiguration("bitnet.precision.policy", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("bitnet.precision.policy", "edge");
        props.put("description", "int4 weights, f16 elsewhere");
        props.put("rules", new String[] {"override name=lm_head -> F32", "default component=WEIGHTS -> INT4",
            "default -> F16"});
        c.update(props);
        try {
            Platform.await(() -> hasPolicy("edge"), "the configured policy");
            PrecisionPolicy edge = manager.policy("edge");
            assertEquals(Precision.INT4, edge.resolve(new LayerDescriptor("layers.0.mlp.up_proj", LayerType.BITLINEAR,
                    0), ComponentType.WEIGHTS));
            assertEquals(Precision.F32, edge.resolve(new LayerDescriptor("lm_head", LayerType.OUTPUT_HEAD, 30),
                    ComponentType.WEIGHTS));
            String policies = shell("bitnet:policies");
            assertTrue(policies, policies.contains("edge: int4 weights, f16 elsewhere"));
            assertTrue(policies, policies.contains("  default component=WEIGHTS -> INT4"));
            String plan = shell("bitnet:precision-plan edge");
            assertTrue(plan, plan.contains("precision plan 'edge'"));
            assertTrue(plan, plan.contains("INT4"));
            String short16 = shell("bitnet:precision-plan conservative context=16 accuracy");
            assertTrue(short16, short16.contains("a context of 16 tokens"));
            assertTrue(short16, short16.contains("REL RMSE"));
            assertTrue(short16, short16.contains("measured error: element-weighted mean relative RMSE"));
            try {
                shell("bitnet:precision-plan fastest");
                fail("an unknown policy must fail");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no precision policy 'fastest'"));
            }
        } finally {
            c.delete();
        }
        Platform.await(() -> !hasPolicy("edge"), "the policy to go with its configuration");
        assertTrue(hasPolicy("balanced"));
    }

    @Test
    public void aConfigurationWithABadRuleRegistersNoPolicy() throws Exception {
        org.osgi.service.cm.Configuration bad = configAdmin.createFactoryConfiguration("bitnet.precision.policy", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("bitnet.precision.policy", "broken");
        props.put("rules", new String[] {"default -> F16", "rule r memory>=2 -> INT8"});
        bad.update(props);
        org.osgi.service.cm.Configuration good = configAdmin.createFactoryConfiguration("bitnet.precision.policy",
                "?");
        Hashtable<String, Object> goodProps = new Hashtable<>();
        goodProps.put("bitnet.precision.policy", "after-broken");
        goodProps.put("rules", new String[] {"default -> BF16"});
        good.update(goodProps);
        try {
            // Configuration Admin delivers the two in order; once the second policy is there, the first was handled.
            Platform.await(() -> hasPolicy("after-broken"), "the valid configuration after the bad one");
            assertFalse(hasPolicy("broken"));
            String policies = shell("bitnet:policies");
            assertFalse(policies, policies.contains("broken:"));
            assertEquals(0, context.getServiceReferences(PrecisionPolicy.class,
                    "(" + PrecisionPolicy.NAME_PROPERTY + "=broken)").size());
        } finally {
            bad.delete();
            good.delete();
        }
    }

    @Test
    public void aPressureEventLowersTheKvCacheAndIsReported() throws Exception {
        Platform.await(() -> hasPolicy("balanced"), "the balanced policy");
        List<LayerSpec> model = manager.model(MODEL, 4096);
        assertEquals(0, manager.adjustmentLevel());
        assertEquals(Precision.F16, kvCache(manager.plan("balanced", model)));
        int changesBefore = manager.changes().size();
        org.osgi.service.cm.Configuration memory = configAdmin.getConfiguration("bitnet.memory.cpu", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("limitBytes", 64L << 20);
        props.put("pressureThresholds", new double[] {0.75});
        memory.update(props);
        try {
            Platform.await(() -> pool.stats().limitBytes() == 64L << 20, "the 64 MiB limit");
            // 52 MiB of F32 crosses 75 % of the limit: the pool tells the manager while allocating.
            try (Tensor big = factory.empty(DType.F32, 13L << 20)) {
                Platform.await(() -> manager.adjustmentLevel() == 1, "the pressure adjustment");
                PrecisionPlan lowered = manager.plan("balanced", model);
                assertEquals(Precision.INT8, kvCache(lowered));
                String plan = shell("bitnet:precision-plan balanced");
                assertTrue(plan, plan.contains("INT8 (policy F16)"));
                assertTrue(plan, plan.contains("memory-pressure changes:"));
                assertTrue(plan, plan.contains("pool cpu rose past 0.75"));
                assertTrue(big.size() > 0);
            }
            Platform.await(() -> manager.adjustmentLevel() == 0, "the adjustment to be undone as usage falls");
            List<PrecisionChange> changes = manager.changes();
            PrecisionChange rose = changes.get(changesBefore);
            assertTrue(rose.rising());
            assertEquals(1, rose.levelAfter());
            assertFalse(changes.get(changes.size() - 1).rising());
            assertEquals(Precision.F16, kvCache(manager.plan("balanced", model)));
        } finally {
            memory.delete();
        }
    }

    private static Precision kvCache(PrecisionPlan plan) {
        return plan.entries().stream().filter(e -> e.component().component() == ComponentType.KV_CACHE)
                .map(PlanEntry::precision).findFirst().orElseThrow();
    }
}
