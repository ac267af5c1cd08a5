package bitnet.backend.metal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryPool;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.backend.metal.kernel.KernelCatalog;
import bitnet.backend.metal.kernel.MetalPlanner;
import bitnet.backend.metal.memory.DeviceAllocator;
import bitnet.backend.natives.HostPlatform;
import bitnet.backend.natives.OsgiBundleFiles;
import bitnet.backend.support.CallGate;
import bitnet.backend.support.FiniteInput;

/**
 * The Metal backend (ranking 80): the kernels of {@code shaders/*.metal} through the {@code bitnet_metal} shim that
 * the fragment {@code bitnet.backend.metal.macos.aarch64} carries. It always activates; without macOS on aarch64,
 * the fragment's library, or a device, it reports unavailable with the reason and the dispatcher uses the next
 * backend. When it has a device it registers a {@link DeviceMemoryProvider} for it, and takes its buffers from the
 * {@code metal} pool the memory bundle then registers (or straight from the device while there is none).
 */
@Component(service = ComputeBackend.class, configurationPid = MetalBackend.PID,
        property = {"service.ranking:Integer=80", ComputeBackend.NAME_PROPERTY + "=metal"})
@Designate(ocd = MetalBackend.Config.class)
public final class MetalBackend implements ComputeBackend {
    /** Configuration Admin PID. */
    public static final String PID = "bitnet.backend.metal";
    private static final System.Logger LOG = System.getLogger("bitnet.backend.metal");

    @ObjectClassDefinition(name = "bitnet Metal backend", description = "Metal kernels on Apple silicon")
    public @interface Config {
        @AttributeDefinition(description = "Index of the Metal device to use")
        int device() default 0;

        @AttributeDefinition(description = "Calls whose output has fewer elements are declined (the GPU round trip "
                + "costs more than the CPU work); 0 takes every call")
        long minElements() default 4096;

        @AttributeDefinition(description = "Seconds to wait for calls in flight when stopping")
        int drainSeconds() default 10;
    }

    private final CallGate gate = new CallGate("metal");
    private final MetalSession session;
    private final String reason;
    private final BackendInfo info;
    private final long minElements;
    private final int drainSeconds;
    private final ServiceRegistration<DeviceMemoryProvider> provider;

    @Reference(target = "(" + MemoryPool.DEVICE_PROPERTY + "=metal)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private volatile MemoryPool pool;

    /**
     * @param config device, threshold, drain time
     * @param context this bundle's context: its fragments, and the registration of the device memory
     */
    @Activate
    public MetalBackend(Config config, BundleContext context) {
        this(config, () -> MetalStartup.start(new OsgiBundleFiles(context.getBundle()), HostPlatform.current(),
                config.device()), context);
    }

    MetalBackend(Config config, Supplier<MetalStartup.Result> startup, BundleContext context) {
        this.minElements = config.minElements();
        this.drainSeconds = config.drainSeconds();
        MetalStartup.Result result;
        try {
            result = startup.get();
        } catch (RuntimeException | LinkageError e) {
            result = new MetalStartup.Unavailable("Metal failed to start: " + e);
        }
        if (result instanceof MetalStartup.Ready(MetalSession s)) {
            this.session = s;
            this.reason = "";
            this.info = new BackendInfo("metal", s.device(), s.info().name() + (s.info().unifiedMemory()
                    ? ", unified memory" : "") + ", " + s.info().maxThreadsPerThreadgroup() + " threads/threadgroup");
            try {
                this.provider = context == null ? null : register(context, s);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        } else {
            this.session = null;
            this.reason = ((MetalStartup.Unavailable) result).reason();
            this.info = new BackendInfo("metal", new Device("metal", Math.max(0, config.device())),
                    "Metal kernels through libbitnet_metal (FFM), not loaded");
            this.provider = null;
        }
    }

    private static ServiceRegistration<DeviceMemoryProvider> register(BundleContext context, MetalSession s) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MemoryPool.DEVICE_PROPERTY, "metal");
        return context.registerService(DeviceMemoryProvider.class, s.memory(), props);
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public Availability availability() {
        return session == null ? Availability.unavailable(reason) : gate.availability();
    }

    @Override
    public Set<Op> operations() {
        return KernelCatalog.OPERATIONS;
    }

    @Override
    public boolean supports(Op op, DType dtype) {
        return KernelCatalog.kernels(op, dtype).isPresent();
    }

    @Override
    public boolean accepts(OpCall call) {
        return session != null && call.output().size() >= minElements && MetalPlanner.accepts(call);
    }

    @Override
    public void execute(OpCall call) {
        try (CallGate.Pass pass = gate.enter()) {
            MetalSession s = session;
            if (s == null) {
                throw new BackendUnavailableException("metal: " + reason);
            }
            if (call instanceof OpCall.BitLinear c) {
                FiniteInput.require(c.input(), "BitLinear input");
            } else if (call instanceof OpCall.Quantize c) {
                FiniteInput.require(c.input(), "quantize input");
            }
            MemoryPool p = pool;
            DeviceAllocator allocator = p == null ? DeviceAllocator.direct(s.memory())
                    : DeviceAllocator.pooled(p, s.memory());
            PlanRunner.run(MetalPlanner.plan(call, s.info().maxThreadsPerThreadgroup()), s.nat(), s.context(),
                    allocator, call.output());
        }
    }

    /**
     * Refuses new calls and waits for those in flight; only then gives the device memory back (the pool goes with
     * the provider's registration) and closes the device. If calls are still running after the wait, the native
     * memory is left allocated rather than freed under them.
     */
    @Deactivate
    void deactivate() throws InterruptedException {
        boolean drained = gate.close(drainSeconds, TimeUnit.SECONDS);
        if (provider != null) {
            try {
                provider.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it while stopping this bundle
            }
        }
        if (session != null) {
            if (drained) {
                session.close();
            } else {
                LOG.log(System.Logger.Level.WARNING, "metal: calls still running after " + drainSeconds
                        + " s; the device and its memory are left open rather than freed under them");
            }
        }
    }
}
