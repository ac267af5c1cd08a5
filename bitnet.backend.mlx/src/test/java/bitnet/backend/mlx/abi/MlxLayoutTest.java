package bitnet.backend.mlx.abi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The copy-out check: each accepted layout beside a near miss that must be refused, with the reason. */
class MlxLayoutTest {

    private static String refusal(int dtype, int[] shape, long[] strides, long count) {
        return assertThrows(MlxException.class,
                () -> MlxLayout.requireRowContiguousFloats(dtype, shape, strides, count)).getMessage();
    }

    @Test
    void rowMajorFloatResultsPassAndTheirNearMissesAreRefused() {
        // C order of [2, 3, 4]: strides 12, 4, 1.
        assertDoesNotThrow(() -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {2, 3, 4},
                new long[] {12, 4, 1}, 24));
        assertEquals("mlx: result is not row-contiguous (axis 2 has stride 2, expected 1)",
                refusal(MlxNative.FLOAT32, new int[] {2, 3, 4}, new long[] {12, 4, 2}, 24));
        assertEquals("mlx: result is not row-contiguous (axis 0 has stride 13, expected 12)",
                refusal(MlxNative.FLOAT32, new int[] {2, 3, 4}, new long[] {13, 4, 1}, 24));
        // A scalar: no axes, one element.
        assertDoesNotThrow(() -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[0], new long[0], 1));
        assertEquals("mlx: result has 1 elements, the output 2",
                refusal(MlxNative.FLOAT32, new int[0], new long[0], 2));
        // An axis of length 1 is never stepped over, so its stride does not matter; a longer axis's does.
        assertDoesNotThrow(() -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {3, 1},
                new long[] {1, 7}, 3));
        assertEquals("mlx: result is not row-contiguous (axis 1 has stride 7, expected 1)",
                refusal(MlxNative.FLOAT32, new int[] {3, 2}, new long[] {2, 7}, 6));
        // An empty result copies nothing, whatever its strides.
        assertDoesNotThrow(() -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {0, 5},
                new long[] {5, 1}, 0));
    }

    @Test
    void viewsOtherTypesAndWrongSizesAreRefusedWithTheReason() {
        assertEquals("mlx: result is not row-contiguous (axis 1 has stride 3, expected 1)",
                refusal(MlxNative.FLOAT32, new int[] {3, 2}, new long[] {1, 3}, 6), "a transpose");
        assertEquals("mlx: result is not row-contiguous (axis 0 has stride 0, expected 3)",
                refusal(MlxNative.FLOAT32, new int[] {4, 3}, new long[] {0, 1}, 12), "a broadcast");
        assertEquals("mlx: result has dtype " + MlxNative.BOOL + ", not float32 (" + MlxNative.FLOAT32 + ")",
                refusal(MlxNative.BOOL, new int[] {3}, new long[] {1}, 3));
        assertEquals("mlx: result has 3 elements, the output 4",
                refusal(MlxNative.FLOAT32, new int[] {3}, new long[] {1}, 4));
    }
}
