package bitnet.backend.metal.abi;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The structs of {@code bitnet_metal.h} as FFM layouts, and the code that writes and reads them. Offsets follow
 * the C header's comments (checked with {@code offsetof}, see docs/metal-mlx.md); {@code MetalAbiTest} pins them.
 */
public final class MetalAbi {
    /** {@code BM_MESSAGE_CAPACITY}: bytes of an error message, NUL included. */
    public static final int MESSAGE_CAPACITY = 512;
    /** {@code BM_MAX_BINDINGS}: buffers one launch can bind. */
    public static final int MAX_BINDINGS = 8;
    /** {@code BM_NAME_CAPACITY}: bytes of a device name, NUL included. */
    public static final int NAME_CAPACITY = 128;

    /** {@code bm_error}: 516 bytes. */
    public static final StructLayout ERROR = structLayout(JAVA_INT.withName("code"),
            sequenceLayout(MESSAGE_CAPACITY, JAVA_BYTE).withName("message"));

    /** {@code bm_device_info}: 152 bytes. */
    public static final StructLayout DEVICE_INFO = structLayout(
            sequenceLayout(NAME_CAPACITY, JAVA_BYTE).withName("name"),
            JAVA_LONG.withName("recommended_working_set"),
            JAVA_LONG.withName("max_buffer_length"),
            JAVA_INT.withName("max_threads_per_threadgroup"),
            JAVA_INT.withName("has_unified_memory"));

    /** {@code bm_binding}: 16 bytes. */
    public static final StructLayout BINDING = structLayout(ADDRESS.withName("buffer"), JAVA_LONG.withName("offset"));

    /** {@code bm_dispatch}: 184 bytes. */
    public static final StructLayout DISPATCH = structLayout(
            ADDRESS.withName("kernel"),
            JAVA_INT.withName("binding_count"),
            JAVA_INT.withName("params_size"),
            sequenceLayout(MAX_BINDINGS, BINDING).withName("bindings"),
            ADDRESS.withName("params"),
            sequenceLayout(3, JAVA_INT).withName("groups"),
            sequenceLayout(3, JAVA_INT).withName("threads"),
            JAVA_INT.withName("threadgroup_memory"),
            JAVA_INT.withName("reserved"));

    private static final long KERNEL = offset(DISPATCH, "kernel");
    private static final long BINDING_COUNT = offset(DISPATCH, "binding_count");
    private static final long PARAMS_SIZE = offset(DISPATCH, "params_size");
    private static final long BINDINGS = offset(DISPATCH, "bindings");
    private static final long PARAMS = offset(DISPATCH, "params");
    private static final long GROUPS = offset(DISPATCH, "groups");
    private static final long THREADS = offset(DISPATCH, "threads");
    private static final long TG_MEMORY = offset(DISPATCH, "threadgroup_memory");

    private MetalAbi() {
    }

    /**
     * @param layout a struct
     * @param field a field name
     * @return the field's byte offset
     */
    public static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    /**
     * Writes a {@code bm_dispatch} and what it points to (kernel name, parameter bytes) into memory from
     * {@code allocator}, which must outlive the native call.
     *
     * @param dispatch the launch
     * @param allocator where the struct, the name and the parameters go
     * @return the struct
     */
    public static MemorySegment writeDispatch(Dispatch dispatch, SegmentAllocator allocator) {
        MemorySegment d = allocator.allocate(DISPATCH);
        d.set(ADDRESS, KERNEL, allocator.allocateFrom(dispatch.kernel()));
        List<Binding> bindings = dispatch.bindings();
        d.set(JAVA_INT, BINDING_COUNT, bindings.size());
        for (int i = 0; i < bindings.size(); i++) {
            long at = BINDINGS + i * BINDING.byteSize();
            d.set(ADDRESS, at, MemorySegment.ofAddress(bindings.get(i).buffer()));
            d.set(JAVA_LONG, at + ADDRESS.byteSize(), bindings.get(i).offset());
        }
        byte[] params = dispatch.params();
        d.set(JAVA_INT, PARAMS_SIZE, params.length);
        MemorySegment p = params.length == 0 ? MemorySegment.NULL : allocator.allocate(params.length, 16);
        if (params.length > 0) {
            MemorySegment.copy(params, 0, p, JAVA_BYTE, 0, params.length);
        }
        d.set(ADDRESS, PARAMS, p);
        int[] groups = dispatch.launch().groups().toArray();
        int[] threads = dispatch.launch().threads().toArray();
        for (int i = 0; i < 3; i++) {
            d.set(JAVA_INT, GROUPS + 4L * i, groups[i]);
            d.set(JAVA_INT, THREADS + 4L * i, threads[i]);
        }
        d.set(JAVA_INT, TG_MEMORY, dispatch.launch().threadgroupMemory());
        return d;
    }

    /**
     * @param error a {@code bm_error}
     * @return its message, up to the first NUL (at most {@link #MESSAGE_CAPACITY} - 1 bytes), as UTF-8
     */
    public static String message(MemorySegment error) {
        long from = offset(ERROR, "message");
        int n = 0;
        while (n < MESSAGE_CAPACITY - 1 && error.get(JAVA_BYTE, from + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(error, JAVA_BYTE, from, bytes, 0, n);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @param info a filled {@code bm_device_info}
     * @return its fields
     */
    public static DeviceInfo readDeviceInfo(MemorySegment info) {
        int n = 0;
        while (n < NAME_CAPACITY - 1 && info.get(JAVA_BYTE, n) != 0) {
            n++;
        }
        byte[] name = new byte[n];
        MemorySegment.copy(info, JAVA_BYTE, 0, name, 0, n);
        return new DeviceInfo(new String(name, StandardCharsets.UTF_8),
                info.get(JAVA_LONG, offset(DEVICE_INFO, "recommended_working_set")),
                info.get(JAVA_LONG, offset(DEVICE_INFO, "max_buffer_length")),
                info.get(JAVA_INT, offset(DEVICE_INFO, "max_threads_per_threadgroup")),
                info.get(JAVA_INT, offset(DEVICE_INFO, "has_unified_memory")) != 0);
    }
}
