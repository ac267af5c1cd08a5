package bitnet.precision;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.MemoryPressureListener;
import bitnet.api.memory.PoolStats;
import bitnet.api.precision.AccuracyReport;
import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.Decision;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.Objectives;
import bitnet.api.precision.Optimization;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionChange;
import bitnet.api.precision.PrecisionChangeListener;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionManager;
import bitnet.api.precision.PrecisionPlan;
import bitnet.api.precision.PrecisionPolicy;
import bitnet.api.precision.ResolutionContext;

/**
 * The {@link PrecisionManager} service. It also listens for memory pressure: each pressure threshold a pool
 * crosses lowers the configured components one step of {@link Ladder} (not below the configured floor) in every
 * plan made afterwards, and each threshold crossed back down restores a step; changes go to
 * {@link PrecisionChangeListener} services and the change history.
 */
@Component(service = {PrecisionManager.class, MemoryPressureListener.class}, configurationPid = PrecisionManagerComponent.PID,
        immediate = true)
@Designate(ocd = PrecisionManagerComponent.Config.class)
public final class PrecisionManagerComponent implements PrecisionManager, MemoryPressureListener {
    /** The configuration PID. */
    public static final String PID = "bitnet.precision.manager";
    private static final System.Logger LOG = System.getLogger("bitnet.precision");
    private static final List<String> MODELS = List.of("bitnet-b1.58-2b4t");

    @ObjectClassDefinition(id = PID, name = "bitnet precision manager",
            description = "The active precision policy, what memory pressure lowers, how accuracy is measured")
    public @interface Config {
        @AttributeDefinition(description = "The policy plan() uses when none is named")
        String activePolicy() default "balanced";

        @AttributeDefinition(description = "Components lowered one step per pool pressure threshold crossed")
        ComponentType[] adjustableComponents() default {ComponentType.KV_CACHE, ComponentType.ATTENTION_SCORES};

        @AttributeDefinition(description = "The narrowest precision memory pressure may lower a component to")
        Precision lowestPrecision() default Precision.INT4;

        @AttributeDefinition(description = "Elements per INT4 scale, at least 1")
        int int4GroupSize() default 64;

        @AttributeDefinition(description = "Most values of a seeded sample when a component has no data")
        int sampleElements() default 65536;

        @AttributeDefinition(description = "Seed of the samples")
        long sampleSeed() default 42;

        @AttributeDefinition(description = "Pressure changes kept in the history")
        int changeHistory() default 100;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<PrecisionPolicy> registered = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<PrecisionChangeListener> listeners = List.of();

    private final Map<String, LayerSpec> layers = new LinkedHashMap<>();
    private final PressureAdjuster adjuster = new PressureAdjuster(Clock.systemUTC());
    private final Function<ToDoubleFunction<MemoryPool>, Double> pool;
    private volatile Settings settings;

    /** The configuration, checked. */
    private record Settings(String activePolicy, List<ComponentType> adjustable, Precision floor, int int4Group,
            Accuracy accuracy, int history) {
    }

    /**
     * @param config the configuration
     * @param context this bundle's context, to look up the CPU pool when a plan is made
     * @throws PrecisionException if a number in it is out of range
     */
    @Activate
    public PrecisionManagerComponent(Config config, BundleContext context) {
        this.settings = settings(config);
        this.pool = reader -> readPool(context, reader);
    }

    /** For tests: a manager with the given policies and pool (may be null). */
    PrecisionManagerComponent(Config config, List<PrecisionPolicy> policies, MemoryPool pool) {
        this.settings = settings(config);
        this.registered = List.copyOf(policies);
        this.pool = reader -> pool == null ? Double.NaN : reader.applyAsDouble(pool);
    }

    // The pool is looked up per plan, not referenced through SCR: the pool binds this component as its pressure
    // listener while it activates, and a reference back to the pool would be a cycle SCR refuses.
    private static double readPool(BundleContext context, ToDoubleFunction<MemoryPool> reader) {
        try {
            Collection<ServiceReference<MemoryPool>> refs = context.getServiceReferences(MemoryPool.class,
                    "(" + MemoryPool.DEVICE_PROPERTY + "=cpu)");
            for (ServiceReference<MemoryPool> ref : refs) {
                MemoryPool p = context.getService(ref);
                if (p != null) {
                    try {
                        return reader.applyAsDouble(p);
                    } finally {
                        context.ungetService(ref);
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "no CPU pool to read", e);
        }
        return Double.NaN;
    }

    @Modified
    void modified(Config config) {
        this.settings = settings(config);
    }

    private static Settings settings(Config c) {
        if (c.int4GroupSize() < 1 || c.sampleElements() < 1 || c.changeHistory() < 1) {
            throw new PrecisionException("int4GroupSize, sampleElements and changeHistory must be at least 1, got "
                    + c.int4GroupSize() + ", " + c.sampleElements() + ", " + c.changeHistory());
        }
        return new Settings(c.activePolicy(), List.of(c.adjustableComponents()), c.lowestPrecision(),
                c.int4GroupSize(), new Accuracy(c.int4GroupSize(), c.sampleElements(), c.sampleSeed()),
                c.changeHistory());
    }

    void setListeners(List<PrecisionChangeListener> l) {
        this.listeners = List.copyOf(l);
    }

    @Override
    public List<PrecisionPolicy> policies() {
        Map<String, PrecisionPolicy> byName = new TreeMap<>();
        for (PrecisionPolicy p : registered) {
            PrecisionPolicy earlier = byName.putIfAbsent(p.name(), p);
            if (earlier != null && earlier != p) {
                LOG.log(System.Logger.Level.WARNING, "two precision policies are named '" + p.name()
                        + "'; using the one registered first");
            }
        }
        return List.copyOf(byName.values());
    }

    @Override
    public PrecisionPolicy policy(String name) {
        for (PrecisionPolicy p : policies()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new PrecisionException("no precision policy '" + name + "'; registered: "
                + policies().stream().map(PrecisionPolicy::name).toList());
    }

    @Override
    public String activePolicy() {
        return settings.activePolicy();
    }

    @Override
    public synchronized void register(LayerSpec layer) {
        layers.put(layer.layer().name(), layer);
    }

    @Override
    public synchronized boolean unregister(String layerName) {
        return layers.remove(layerName) != null;
    }

    @Override
    public synchronized List<LayerSpec> layers() {
        return List.copyOf(layers.values());
    }

    @Override
    public Set<String> models() {
        return Set.copyOf(MODELS);
    }

    @Override
    public List<LayerSpec> model(String name, int context) {
        if (!MODELS.contains(name)) {
            throw new PrecisionException("no model description '" + name + "'; known: " + MODELS);
        }
        return ModelDescription.load(name).layers(context);
    }

    @Override
    public PrecisionPlan plan(String policyName, List<LayerSpec> specs) {
        PrecisionPolicy policy = policy(policyName);
        Settings s = settings;
        double memoryUse = memoryUse();
        int level = adjuster.level();
        List<PlanEntry> entries = new ArrayList<>();
        for (LayerSpec spec : specs) {
            for (ComponentSpec c : spec.components()) {
                ResolutionContext ctx = new ResolutionContext(memoryUse, c.elements(),
                        p -> s.accuracy().relativeRmseOfData(c, p));
                Decision d = policy.decide(spec.layer(), c.component(), ctx);
                Precision inForce = s.adjustable().contains(c.component()) ? Ladder.lower(d.precision(), level,
                        s.floor()) : d.precision();
                entries.add(new PlanEntry(spec.layer(), c, d, inForce,
                        Storage.bytes(inForce, c.rows(), c.cols(), s.int4Group())));
            }
        }
        return new PrecisionPlan(policy.name(), memoryUse, level, entries);
    }

    @Override
    public AccuracyReport analyse(PrecisionPlan plan) {
        return settings.accuracy().analyse(plan);
    }

    @Override
    public Optimization optimise(List<String> candidates, List<LayerSpec> specs, Objectives objectives) {
        List<AccuracyReport> reports = new ArrayList<>();
        for (String name : candidates) {
            reports.add(analyse(plan(name, specs)));
        }
        return Optimizer.choose(reports, objectives);
    }

    @Override
    public int adjustmentLevel() {
        return adjuster.level();
    }

    @Override
    public List<PrecisionChange> changes() {
        return adjuster.history();
    }

    @Override
    public void onPressure(PressureEvent event) {
        Settings s = settings;
        PrecisionChange change = adjuster.onPressure(event, s.adjustable(), s.history());
        if (change == null) {
            return;
        }
        for (PrecisionChangeListener l : listeners) {
            try {
                l.onChange(change);
            } catch (RuntimeException e) {
                // One listener's failure must not reach the allocating thread that crossed the threshold.
                LOG.log(System.Logger.Level.WARNING, "precision change listener " + l + " failed", e);
            }
        }
    }

    /** @return the pool's reserved bytes over its limit from its metrics; NaN without a pool or a limit */
    private double memoryUse() {
        return pool.apply(p -> {
            PoolStats totals = p.metrics().totals();
            return totals.limitBytes() == Long.MAX_VALUE || totals.limitBytes() <= 0 ? Double.NaN
                    : (double) totals.bytesReserved() / totals.limitBytes();
        });
    }
}
