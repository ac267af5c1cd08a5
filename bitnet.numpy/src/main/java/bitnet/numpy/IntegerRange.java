package bitnet.numpy;

import java.util.Arrays;

import bitnet.api.io.NpyFormatException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/** Checks that an integer file's values fit a dtype below one byte before they are narrowed to it. */
final class IntegerRange {
    private IntegerRange() {
    }

    static void check(Tensor raw, DType target, String name) {
        if (raw.dtype().isFloating()) {
            throw new NpyFormatException(name + ": holds " + raw.dtype() + " values; a " + target
                    + " tensor is stored as integers (" + range(target) + "), e.g. np.int8");
        }
        int lo = target == DType.TERNARY ? -1 : -8;
        int hi = target == DType.TERNARY ? 1 : 7;
        try (Tensor flat = raw.reshape(-1)) {
            for (long i = 0, n = flat.size(); i < n; i++) {
                float v = flat.getFloat(i);
                if (v < lo || v > hi) {
                    throw new NpyFormatException(name + ": element " + Arrays.toString(unravel(i, raw.shape()))
                            + " is " + (long) v + ", outside the " + target + " range " + range(target));
                }
            }
        }
    }

    private static long[] unravel(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    private static String range(DType target) {
        return target == DType.TERNARY ? "-1, 0, 1" : "-8 .. 7";
    }
}
