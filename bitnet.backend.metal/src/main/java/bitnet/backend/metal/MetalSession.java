package bitnet.backend.metal;

import java.lang.foreign.Arena;

import bitnet.api.tensor.Device;
import bitnet.backend.metal.abi.DeviceInfo;
import bitnet.backend.metal.abi.MetalNative;
import bitnet.backend.metal.memory.MetalMemory;

/**
 * An open Metal device: the native calls, the {@code bm_context} (queue, shader library, cached pipelines), the
 * device's limits and its memory. Created by {@link MetalStartup}; closed by the backend after its calls drained.
 */
final class MetalSession implements AutoCloseable {
    private final Arena library;
    private final MetalNative nat;
    private final long context;
    private final DeviceInfo info;
    private final MetalMemory memory;
    private final Device device;

    /**
     * @param library the arena the dylib was loaded in (closing it unloads the library), or null in tests
     * @param nat the native calls
     * @param context an open context
     * @param index the device index
     */
    MetalSession(Arena library, MetalNative nat, long context, int index) {
        this.library = library;
        this.nat = nat;
        this.context = context;
        this.info = nat.deviceInfo(context);
        this.device = new Device("metal", index);
        this.memory = new MetalMemory(nat, context, device);
    }

    MetalNative nat() {
        return nat;
    }

    long context() {
        return context;
    }

    DeviceInfo info() {
        return info;
    }

    MetalMemory memory() {
        return memory;
    }

    Device device() {
        return device;
    }

    /** Frees the buffers left, the context, and unloads the library. */
    @Override
    public void close() {
        memory.releaseAll();
        nat.close(context);
        if (library != null) {
            library.close();
        }
    }
}
