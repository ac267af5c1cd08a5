package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.api.tensor.Device;

class DevicePoolsComponentTest {
    private final List<Object> registered = new ArrayList<>();
    private final List<Dictionary<?, ?>> properties = new ArrayList<>();
    private final List<Object> unregistered = new ArrayList<>();

    /** A bundle context that only records registrations, built as a proxy: the interface is large. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, args) -> {
                    if (!m.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    Object service = args[1];
                    registered.add(service);
                    properties.add((Dictionary<?, ?>) args[2]);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (r, rm, rargs) -> {
                                if (rm.getName().equals("unregister")) {
                                    unregistered.add(service);
                                    return null;
                                }
                                throw new UnsupportedOperationException(rm.getName());
                            });
                });
    }

    private static DeviceMemoryProvider device(String kind) {
        ArenaMemoryProvider host = new ArenaMemoryProvider();
        return new DeviceMemoryProvider() {
            @Override
            public Device device() {
                return new Device(kind, 0);
            }

            @Override
            public MemorySegment reserve(long bytes, long alignment) {
                return host.reserve(bytes, alignment);
            }

            @Override
            public void release(MemorySegment chunk) {
                host.release(chunk);
            }
        };
    }

    @Test
    void eachProviderGetsAPoolServiceForItsDeviceKindUntilItGoes() {
        DevicePoolsComponent component = new DevicePoolsComponent(context());
        DeviceMemoryProvider metal = device("metal");
        component.addProvider(metal);
        assertEquals(1, registered.size());
        MemoryPool pool = assertInstanceOf(MemoryPool.class, registered.get(0));
        assertEquals("metal", properties.get(0).get(MemoryPool.DEVICE_PROPERTY));
        assertEquals(0, properties.get(0).get("bitnet.memory.device.index"));
        try (MemoryBlock block = pool.allocate(1000)) {
            assertEquals(new Device("metal", 0), pool.device());
            assertTrue(block.isAlive());
        }
        component.removeProvider(metal);
        assertEquals(List.of(pool), unregistered);
        component.deactivate();
    }

    @Test
    void aCpuProviderIsIgnoredAndDeactivationUnregistersTheRest() {
        DevicePoolsComponent component = new DevicePoolsComponent(context());
        component.addProvider(device("cpu"));
        assertTrue(registered.isEmpty());
        component.addProvider(device("cuda"));
        component.deactivate();
        assertEquals(registered, unregistered);
        component.addProvider(device("vulkan"));
        assertEquals(1, registered.size(), "a deactivated component registers nothing");
    }
}
