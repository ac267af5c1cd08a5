package bitnet.backend.mlx.graph;

import java.util.ArrayList;
import java.util.List;

import bitnet.backend.mlx.abi.MlxNative;

/**
 * Owns every MLX array one call creates and frees them all, newest first, when the call ends, whether it succeeded
 * or threw. MLX arrays hold references to their graph inputs, so freeing in any order is safe; reverse order simply
 * releases intermediates before the inputs they came from. Not thread-safe (one per call).
 */
public final class ArrayScope implements AutoCloseable {
    private final MlxNative nat;
    private final List<Long> arrays = new ArrayList<>();

    /** @param nat the native calls */
    public ArrayScope(MlxNative nat) {
        this.nat = nat;
    }

    /**
     * @param array a new array handle
     * @return the same handle, now freed with this scope
     */
    public long track(long array) {
        arrays.add(array);
        return array;
    }

    /** @return arrays tracked so far */
    public int size() {
        return arrays.size();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = arrays.size() - 1; i >= 0; i--) {
            try {
                nat.free(arrays.get(i));
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        arrays.clear();
        if (first != null) {
            throw first;
        }
    }
}
