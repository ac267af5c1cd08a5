package bitnet.backend.mlx.abi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MlxLayoutTest {

    @Test
    void rowContiguousFloatResultsPass() {
        MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {2, 3, 4}, new long[] {12, 4, 1}, 24);
        MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[0], new long[0], 1);
        MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {3, 1}, new long[] {1, 7}, 3);
        MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {0, 5}, new long[] {5, 1}, 0);
    }

    @Test
    void viewsOtherTypesAndWrongSizesAreRefused() {
        var t = assertThrows(MlxException.class, () -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32,
                new int[] {3, 2}, new long[] {1, 3}, 6));
        assertTrue(t.getMessage().contains("not row-contiguous"), t.getMessage());
        assertThrows(MlxException.class, () -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32,
                new int[] {4, 3}, new long[] {0, 1}, 12));
        assertThrows(MlxException.class, () -> MlxLayout.requireRowContiguousFloats(MlxNative.BOOL, new int[] {3},
                new long[] {1}, 3));
        assertThrows(MlxException.class, () -> MlxLayout.requireRowContiguousFloats(MlxNative.FLOAT32, new int[] {3},
                new long[] {1}, 4));
    }
}
