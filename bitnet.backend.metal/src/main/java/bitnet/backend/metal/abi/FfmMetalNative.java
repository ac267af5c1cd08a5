package bitnet.backend.metal.abi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * {@link MetalNative} over the real {@code libbitnet_metal.dylib}, through FFM downcalls. Each call allocates its
 * {@code bm_error} and out-parameters in a confined arena that lives for that call only. The symbol lookup (and so
 * the library) belongs to the caller's arena; this object must not be used after it closes.
 */
public final class FfmMetalNative implements MetalNative {
    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle deviceCount;
    private final MethodHandle open;
    private final MethodHandle deviceInfo;
    private final MethodHandle bufferNew;
    private final MethodHandle bufferFree;
    private final MethodHandle batchBegin;
    private final MethodHandle batchDispatch;
    private final MethodHandle batchCommit;
    private final MethodHandle batchAbort;
    private final MethodHandle close;

    /**
     * @param library the loaded {@code libbitnet_metal.dylib}
     * @throws MetalException naming the first symbol the library lacks (a fragment older than this bundle)
     */
    public FfmMetalNative(SymbolLookup library) {
        deviceCount = handle(library, "bm_device_count", FunctionDescriptor.of(JAVA_INT));
        open = handle(library, "bm_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS));
        deviceInfo = handle(library, "bm_get_device_info", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS));
        bufferNew = handle(library, "bm_buffer_new", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS,
                ADDRESS, ADDRESS));
        bufferFree = handle(library, "bm_buffer_free", FunctionDescriptor.ofVoid(ADDRESS));
        batchBegin = handle(library, "bm_batch_begin", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        batchDispatch = handle(library, "bm_batch_dispatch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS));
        batchCommit = handle(library, "bm_batch_commit", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        batchAbort = handle(library, "bm_batch_abort", FunctionDescriptor.ofVoid(ADDRESS));
        close = handle(library, "bm_close", FunctionDescriptor.ofVoid(ADDRESS));
    }

    private static MethodHandle handle(SymbolLookup library, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name).orElseThrow(() -> new MetalException("symbol " + name
                + " missing from libbitnet_metal; the fragment is older or newer than bitnet.backend.metal"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    private static void check(String function, int status, MemorySegment error) {
        if (status != MetalStatus.OK.code()) {
            throw MetalStatus.toException(function, status, MetalAbi.message(error));
        }
    }

    @Override
    public int deviceCount() {
        try {
            return (int) deviceCount.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long open(int device, String metallibPath, String source) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment error = arena.allocate(MetalAbi.ERROR);
            MemorySegment path = metallibPath == null ? MemorySegment.NULL : arena.allocateFrom(metallibPath);
            MemorySegment src = source == null ? MemorySegment.NULL : arena.allocateFrom(source);
            check("bm_open", (int) open.invokeExact(device, path, src, out, error), error);
            return out.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public DeviceInfo deviceInfo(long context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(MetalAbi.DEVICE_INFO);
            MemorySegment error = arena.allocate(MetalAbi.ERROR);
            check("bm_get_device_info", (int) deviceInfo.invokeExact(MemorySegment.ofAddress(context), info, error),
                    error);
            return MetalAbi.readDeviceInfo(info);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public NativeBuffer newBuffer(long context, long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment contents = arena.allocate(ADDRESS);
            MemorySegment error = arena.allocate(MetalAbi.ERROR);
            check("bm_buffer_new", (int) bufferNew.invokeExact(MemorySegment.ofAddress(context), bytes, out, contents,
                    error), error);
            return new NativeBuffer(out.get(ADDRESS, 0).address(), contents.get(ADDRESS, 0).address());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void freeBuffer(long buffer) {
        try {
            bufferFree.invokeExact(MemorySegment.ofAddress(buffer));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long beginBatch(long context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment error = arena.allocate(MetalAbi.ERROR);
            check("bm_batch_begin", (int) batchBegin.invokeExact(MemorySegment.ofAddress(context), out, error), error);
            return out.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void dispatch(long batch, Dispatch dispatch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = MetalAbi.writeDispatch(dispatch, arena);
            MemorySegment error = arena.allocate(MetalAbi.ERROR);
            check("bm_batch_dispatch(" + dispatch.kernel() + ")",
                    (int) batchDispatch.invokeExact(MemorySegment.ofAddress(batch), d, error), error);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void commit(long batch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment error = arena.allocate(MetalAbi.ERROR);
            check("bm_batch_commit", (int) batchCommit.invokeExact(MemorySegment.ofAddress(batch), error), error);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void abort(long batch) {
        try {
            batchAbort.invokeExact(MemorySegment.ofAddress(batch));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void close(long context) {
        try {
            close.invokeExact(MemorySegment.ofAddress(context));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new MetalException("native call failed: " + t);
    }
}
