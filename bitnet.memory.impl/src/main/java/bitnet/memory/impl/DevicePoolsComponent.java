package bitnet.memory.impl;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryPool;

/**
 * The device-pool SPI at work: for every {@link DeviceMemoryProvider} a backend registers, a
 * {@link HybridMemoryPool} over its memory is registered as a {@link MemoryPool} with
 * {@code bitnet.memory.device} set to the device's kind; it goes away with its provider.
 */
@Component(immediate = true)
public final class DevicePoolsComponent {
    private static final System.Logger LOG = System.getLogger("bitnet.memory");

    private final BundleContext context;
    private final Map<DeviceMemoryProvider, Registered> pools = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    private record Registered(HybridMemoryPool pool, ServiceRegistration<MemoryPool> registration) {
    }

    /** @param context this bundle's context, to register the device pools */
    @Activate
    public DevicePoolsComponent(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(DeviceMemoryProvider provider) {
        if (!active) {
            return;
        }
        String kind = provider.device().kind();
        if ("cpu".equals(kind)) {
            LOG.log(System.Logger.Level.WARNING, "ignoring device memory provider " + provider
                    + ": the cpu pool is built in");
            return;
        }
        HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults(), provider);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MemoryPool.DEVICE_PROPERTY, kind);
        props.put("bitnet.memory.device.index", provider.device().index());
        pools.put(provider, new Registered(pool, context.registerService(MemoryPool.class, pool, props)));
    }

    void removeProvider(DeviceMemoryProvider provider) {
        Registered r = pools.remove(provider);
        if (r != null) {
            close(r);
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        pools.values().forEach(DevicePoolsComponent::close);
        pools.clear();
    }

    private static void close(Registered r) {
        try {
            r.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping this bundle
        }
        r.pool().close();
    }
}
