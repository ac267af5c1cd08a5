package bitnet.backend.mlx.abi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for mlx-c that records the graph a call builds ("mlx_add(1,2)") and computes nothing. Uploaded data
 * is kept for inspection; {@link #copyFloats} writes the marker {@code 1000 + i} so a test sees what was copied
 * back and where. {@link #failEvalWith} makes evaluation fail.
 */
public final class FakeMlx implements MlxNative {
    public final List<String> log = new ArrayList<>();
    public final Map<Long, float[]> floatData = new HashMap<>();
    public final Map<Long, byte[]> byteData = new HashMap<>();
    public final Set<Long> live = new HashSet<>();
    public boolean metal = true;
    public RuntimeException failEvalWith;
    public Runnable onEval = () -> { };
    /**
     * When set, {@link #copyFloats} copies what it returns for the array's graph entry (e.g.
     * {@code "mlx_clip(9,10,11)"}) instead of the markers: a test's stand-in for what MLX would have computed.
     */
    public java.util.function.Function<String, float[]> evaluated;
    private final Map<Long, String> entries = new HashMap<>();
    private long next = 1;

    private long make(String entry) {
        long id = next++;
        live.add(id);
        entries.put(id, entry);
        log.add(id + "=" + entry);
        return id;
    }

    @Override
    public boolean metalAvailable() {
        return metal;
    }

    @Override
    public long gpuStream() {
        return 500;
    }

    @Override
    public void freeStream(long stream) {
        log.add("free_stream(" + stream + ")");
    }

    @Override
    public long array(MemorySegment data, int[] shape, int dtype) {
        StringBuilder s = new StringBuilder("array[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : "x").append(shape[i]);
        }
        long id = make(s.append("]:").append(dtype == FLOAT32 ? "f32" : dtype == INT8 ? "i8" : "?").toString());
        if (dtype == FLOAT32) {
            floatData.put(id, data.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
        } else {
            byteData.put(id, data.toArray(ValueLayout.JAVA_BYTE));
        }
        return id;
    }

    @Override
    public long scalar(float value) {
        return make("scalar(" + value + ")");
    }

    @Override
    public long unary(String function, long a, long stream) {
        return make(function + "(" + a + ")");
    }

    @Override
    public long binary(String function, long a, long b, long stream) {
        return make(function + "(" + a + "," + b + ")");
    }

    @Override
    public long where(long condition, long x, long y, long stream) {
        return make("mlx_where(" + condition + "," + x + "," + y + ")");
    }

    @Override
    public long clip(long a, long min, long max, long stream) {
        return make("mlx_clip(" + a + "," + min + "," + max + ")");
    }

    @Override
    public long axis(String function, long a, int axis, boolean flag, long stream) {
        return make(function + "(" + a + ",axis=" + axis + "," + flag + ")");
    }

    @Override
    public long round(long a, int decimals, long stream) {
        return make("mlx_round(" + a + "," + decimals + ")");
    }

    @Override
    public long astype(long a, int dtype, long stream) {
        return make("mlx_astype(" + a + "," + (dtype == FLOAT32 ? "f32" : dtype) + ")");
    }

    @Override
    public long rmsNorm(long x, long weight, float eps, long stream) {
        return make("mlx_fast_rms_norm(" + x + "," + weight + "," + eps + ")");
    }

    @Override
    public long layerNorm(long x, long weight, long bias, float eps, long stream) {
        return make("mlx_fast_layer_norm(" + x + "," + weight + "," + bias + "," + eps + ")");
    }

    @Override
    public void eval(long a) {
        log.add("eval(" + a + ")");
        onEval.run();
        if (failEvalWith != null) {
            throw failEvalWith;
        }
    }

    @Override
    public void copyFloats(long a, MemorySegment target, long count) {
        log.add("copy(" + a + "," + count + ")");
        if (evaluated != null) {
            float[] v = evaluated.apply(entries.get(a));
            MemorySegment.copy(v, 0, target, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, (int) count);
            return;
        }
        for (long i = 0; i < count; i++) {
            target.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 1000 + i);
        }
    }

    @Override
    public void free(long a) {
        if (!live.remove(a)) {
            throw new AssertionError("array " + a + " freed twice or never made");
        }
    }

    /** @return the graph entries (without the copy, eval and free lines) */
    public List<String> graph() {
        return log.stream().filter(s -> s.contains("=")).toList();
    }
}
