package bitnet.backend.mlx.abi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MlxNative} over {@code libmlxc.dylib} (mlx-c 0.2 or later: results first, {@code mlx_array} and
 * {@code mlx_stream} passed by value as one-pointer structs). Handles for the generic unary/binary/axis shapes are
 * looked up by name on first use and cached. Construction installs an error handler (an upcall into
 * {@link MlxErrors}) because mlx-c's default one prints the message and exits the process.
 */
public final class FfmMlxNative implements MlxNative {
    /** {@code mlx_array} and {@code mlx_stream}: {@code struct { void* ctx; }}, passed and returned by value. */
    public static final StructLayout HANDLE = MemoryLayout.structLayout(ADDRESS.withName("ctx"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor UNARY = FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, HANDLE);
    private static final FunctionDescriptor BINARY = FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, HANDLE, HANDLE);
    private static final FunctionDescriptor TERNARY = FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, HANDLE, HANDLE,
            HANDLE);
    private static final FunctionDescriptor AXIS = FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, JAVA_INT,
            JAVA_BOOLEAN, HANDLE);

    private final SymbolLookup library;
    private final Map<String, MethodHandle> handles = new ConcurrentHashMap<>();
    private final MethodHandle metalAvailable;
    private final MethodHandle gpuStream;
    private final MethodHandle streamFree;
    private final MethodHandle newData;
    private final MethodHandle newFloat;
    private final MethodHandle round;
    private final MethodHandle astype;
    private final MethodHandle rmsNorm;
    private final MethodHandle layerNorm;
    private final MethodHandle eval;
    private final MethodHandle dataFloat32;
    private final MethodHandle arrayFree;
    private final MethodHandle arrayNdim;
    private final MethodHandle arrayShape;
    private final MethodHandle arrayStrides;
    private final MethodHandle arrayDtype;
    private final MethodHandle setErrorHandler;

    /**
     * @param library the loaded mlx-c library
     * @param upcalls the arena the error handler's upcall stub lives in; it must outlive every call
     * @throws MlxException naming a function the library lacks
     */
    public FfmMlxNative(SymbolLookup library, Arena upcalls) {
        this.library = library;
        metalAvailable = handle("mlx_metal_is_available", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        gpuStream = handle("mlx_default_gpu_stream_new", FunctionDescriptor.of(HANDLE));
        streamFree = handle("mlx_stream_free", FunctionDescriptor.of(JAVA_INT, HANDLE));
        newData = handle("mlx_array_new_data", FunctionDescriptor.of(HANDLE, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        newFloat = handle("mlx_array_new_float", FunctionDescriptor.of(HANDLE, JAVA_FLOAT));
        round = handle("mlx_round", FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, JAVA_INT, HANDLE));
        astype = handle("mlx_astype", FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, JAVA_INT, HANDLE));
        rmsNorm = handle("mlx_fast_rms_norm", FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, HANDLE, JAVA_FLOAT,
                HANDLE));
        layerNorm = handle("mlx_fast_layer_norm", FunctionDescriptor.of(JAVA_INT, ADDRESS, HANDLE, HANDLE, HANDLE,
                JAVA_FLOAT, HANDLE));
        eval = handle("mlx_array_eval", FunctionDescriptor.of(JAVA_INT, HANDLE));
        dataFloat32 = handle("mlx_array_data_float32", FunctionDescriptor.of(ADDRESS, HANDLE));
        arrayFree = handle("mlx_array_free", FunctionDescriptor.of(JAVA_INT, HANDLE));
        arrayNdim = handle("mlx_array_ndim", FunctionDescriptor.of(JAVA_LONG, HANDLE));
        arrayShape = handle("mlx_array_shape", FunctionDescriptor.of(ADDRESS, HANDLE));
        arrayStrides = handle("mlx_array_strides", FunctionDescriptor.of(ADDRESS, HANDLE));
        arrayDtype = handle("mlx_array_dtype", FunctionDescriptor.of(JAVA_INT, HANDLE));
        setErrorHandler = handle("mlx_set_error_handler", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        installErrorHandler(upcalls);
    }

    private MethodHandle handle(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name).orElseThrow(() -> new MlxException("mlx-c has no function " + name
                + "; the fragment needs mlx-c 0.2 or later"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    private MethodHandle cached(String name, FunctionDescriptor descriptor) {
        return handles.computeIfAbsent(name + descriptor, k -> handle(name, descriptor));
    }

    private void installErrorHandler(Arena upcalls) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(FfmMlxNative.class, "onError",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = LINKER.upcallStub(target, FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), upcalls);
            setErrorHandler.invokeExact(stub, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Puts mlx-c's default handler back; called before the library is unloaded (the upcall stub dies with it). */
    public void resetErrorHandler() {
        try {
            setErrorHandler.invokeExact(MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void onError(MemorySegment message, MemorySegment data) {
        MlxErrors.report(message.equals(MemorySegment.NULL) ? "" : message.reinterpret(Integer.MAX_VALUE).getString(0));
    }

    private static MemorySegment handleOf(long ctx, SegmentAllocator a) {
        MemorySegment s = a.allocate(HANDLE);
        s.set(ADDRESS, 0, MemorySegment.ofAddress(ctx));
        return s;
    }

    private static long ctx(MemorySegment handle) {
        return handle.get(ADDRESS, 0).address();
    }

    @Override
    public boolean metalAvailable() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(JAVA_BYTE);
            MlxErrors.clear();
            MlxErrors.check("mlx_metal_is_available", (int) metalAvailable.invokeExact(res));
            return res.get(JAVA_BYTE, 0) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long gpuStream() {
        try (Arena a = Arena.ofConfined()) {
            return ctx((MemorySegment) gpuStream.invokeExact((SegmentAllocator) a));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void freeStream(long stream) {
        try (Arena a = Arena.ofConfined()) {
            MlxErrors.check("mlx_stream_free", (int) streamFree.invokeExact(handleOf(stream, a)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long array(MemorySegment data, int[] shape, int dtype) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment dims = a.allocateFrom(JAVA_INT, shape);
            MlxErrors.clear();
            long result = ctx((MemorySegment) newData.invokeExact((SegmentAllocator) a, data, dims, shape.length,
                    dtype));
            if (result == 0) {
                MlxErrors.check("mlx_array_new_data", 1);
            }
            return result;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long scalar(float value) {
        try (Arena a = Arena.ofConfined()) {
            return ctx((MemorySegment) newFloat.invokeExact((SegmentAllocator) a, value));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long unary(String function, long x, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check(function, (int) cached(function, UNARY).invokeExact(res, handleOf(x, a),
                    handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long binary(String function, long x, long y, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check(function, (int) cached(function, BINARY).invokeExact(res, handleOf(x, a), handleOf(y, a),
                    handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private long ternary(String function, long x, long y, long z, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check(function, (int) cached(function, TERNARY).invokeExact(res, handleOf(x, a),
                    handleOf(y, a), handleOf(z, a), handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long where(long condition, long x, long y, long stream) {
        return ternary("mlx_where", condition, x, y, stream);
    }

    @Override
    public long clip(long x, long min, long max, long stream) {
        return ternary("mlx_clip", x, min, max, stream);
    }

    @Override
    public long axis(String function, long x, int axis, boolean flag, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check(function, (int) cached(function, AXIS).invokeExact(res, handleOf(x, a), axis, flag,
                    handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long round(long x, int decimals, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check("mlx_round", (int) round.invokeExact(res, handleOf(x, a), decimals, handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long astype(long x, int dtype, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check("mlx_astype", (int) astype.invokeExact(res, handleOf(x, a), dtype, handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long rmsNorm(long x, long weight, float eps, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check("mlx_fast_rms_norm", (int) rmsNorm.invokeExact(res, handleOf(x, a), handleOf(weight, a),
                    eps, handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public long layerNorm(long x, long weight, long bias, float eps, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment res = a.allocate(HANDLE);
            MlxErrors.clear();
            MlxErrors.check("mlx_fast_layer_norm", (int) layerNorm.invokeExact(res, handleOf(x, a),
                    handleOf(weight, a), handleOf(bias, a), eps, handleOf(stream, a)));
            return ctx(res);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void eval(long x) {
        try (Arena a = Arena.ofConfined()) {
            MlxErrors.clear();
            MlxErrors.check("mlx_array_eval", (int) eval.invokeExact(handleOf(x, a)));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void copyFloats(long x, MemorySegment target, long count) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = handleOf(x, a);
            int dtype = (int) arrayDtype.invokeExact(h);
            int rank = (int) (long) arrayNdim.invokeExact(h);
            MemorySegment shape = ((MemorySegment) arrayShape.invokeExact(h)).reinterpret(4L * rank);
            MemorySegment strides = ((MemorySegment) arrayStrides.invokeExact(h)).reinterpret(8L * rank);
            // A raw copy is right only for a row-contiguous float32 array of the expected size.
            MlxLayout.requireRowContiguousFloats(dtype, shape.toArray(JAVA_INT), strides.toArray(JAVA_LONG), count);
            MemorySegment data = (MemorySegment) dataFloat32.invokeExact(h);
            if (data.equals(MemorySegment.NULL)) {
                throw new MlxException("mlx: mlx_array_data_float32 returned no data (array not evaluated?)");
            }
            MemorySegment.copy(data.reinterpret(count * Float.BYTES), 0, target, 0, count * Float.BYTES);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void free(long x) {
        if (x == 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MlxErrors.check("mlx_array_free", (int) arrayFree.invokeExact(handleOf(x, a)));
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
        return new MlxException("native call failed: " + t);
    }
}
