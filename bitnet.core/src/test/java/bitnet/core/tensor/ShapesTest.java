package bitnet.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import bitnet.api.tensor.ShapeMismatchException;

class ShapesTest {

    @Test
    void broadcastAlignsOnTheRightAndStretchesOnes() {
        assertArrayEquals(new long[] {2, 3}, Shapes.broadcast(new long[] {2, 3}, new long[] {3}));
        assertArrayEquals(new long[] {4, 2, 3}, Shapes.broadcast(new long[] {4, 1, 3}, new long[] {2, 1}));
        assertArrayEquals(new long[] {5}, Shapes.broadcast(new long[] {}, new long[] {5}));
        assertArrayEquals(new long[] {0, 3}, Shapes.broadcast(new long[] {0, 1}, new long[] {3}));
        assertArrayEquals(new long[] {}, Shapes.broadcast(new long[] {}, new long[] {}));
    }

    @Test
    void incompatibleShapesNameBothShapesAndTheAxis() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Shapes.broadcast(new long[] {2, 3}, new long[] {4}));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
        assertTrue(e.getMessage().contains("axis -1"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Shapes.broadcast(new long[] {0}, new long[] {2}));
    }

    @Test
    void sizesStridesAndAxes() {
        assertEquals(24, Shapes.size(new long[] {2, 3, 4}));
        assertEquals(1, Shapes.size(new long[] {}));
        assertEquals(0, Shapes.size(new long[] {3, 0}));
        assertArrayEquals(new long[] {12, 4, 1}, Shapes.contiguousStrides(new long[] {2, 3, 4}));
        assertEquals(2, Shapes.axis(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> Shapes.axis(3, 3));
        assertThrows(IllegalArgumentException.class, () -> Shapes.size(new long[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Shapes.size(new long[] {1L << 40, 1L << 40}));
    }
}
