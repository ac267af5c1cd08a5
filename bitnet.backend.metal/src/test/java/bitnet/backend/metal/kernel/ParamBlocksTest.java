package bitnet.backend.metal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** The parameter blocks against the field offsets written in shaders/bm_params.h. */
class ParamBlocksTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void elementwiseBlockHoldsShapeStridesAndOffsets() {
        byte[] b = ParamBlocks.elementwise(new long[] {2, 3, 5}, new long[][] {{15, 5, 1}, {0, 1, 0}},
                new long[] {7, 2}, -1f, Float.NaN);
        assertEquals(160, b.length);
        ByteBuffer p = le(b);
        assertEquals(30, p.getInt(0), "count");
        assertEquals(3, p.getInt(4), "rank");
        assertEquals(2, p.getInt(8));
        assertEquals(3, p.getInt(12));
        assertEquals(5, p.getInt(16));
        assertEquals(1, p.getInt(20), "unused extents are 1");
        assertEquals(15, p.getInt(40), "operand 0, axis 0");
        assertEquals(1, p.getInt(48), "operand 0, axis 2");
        assertEquals(0, p.getInt(40 + 32), "operand 1 (broadcast) axis 0");
        assertEquals(1, p.getInt(40 + 32 + 4));
        assertEquals(0, p.getInt(40 + 64), "operand 2 absent");
        assertEquals(7, p.getInt(136));
        assertEquals(2, p.getInt(140));
        assertEquals(0, p.getInt(144));
        assertEquals(-1f, p.getFloat(148));
        assertTrue(Float.isNaN(p.getFloat(152)));
    }

    @Test
    void aScalarHasRankZeroAndOneElement() {
        ByteBuffer p = le(ParamBlocks.elementwise(new long[0], new long[][] {{}}, new long[] {3}, 0, 0));
        assertEquals(1, p.getInt(0));
        assertEquals(0, p.getInt(4));
        assertEquals(3, p.getInt(136));
    }

    @Test
    void outOfRangeParametersAreRefusedNotWrapped() {
        assertThrows(IllegalArgumentException.class, () -> ParamBlocks.elementwise(new long[9], new long[][] {new long[9]},
                new long[] {0}, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ParamBlocks.elementwise(new long[] {4},
                new long[][] {{1L << 32}}, new long[] {0}, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ParamBlocks.elementwise(new long[] {4},
                new long[][] {{1, 1}}, new long[] {0}, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ParamBlocks.elementwise(new long[] {4},
                new long[][] {{1}, {1}, {1}, {1}}, new long[4], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ParamBlocks.rows(-1, 4, 0, false));
    }

    @Test
    void matmulRowsQuantAndTernaryBlocks() {
        ByteBuffer m = le(ParamBlocks.matmul(2, 3, 4, 5, new long[] {15, 5, 1}, new long[] {0, 4, 1}, 6, 0));
        assertEquals(48, m.capacity());
        assertEquals(2, m.getInt(0));
        assertEquals(5, m.getInt(12));
        assertEquals(15, m.getInt(16));
        assertEquals(0, m.getInt(28), "b broadcast over batches");
        assertEquals(4, m.getInt(32));
        assertEquals(6, m.getInt(40));
        ByteBuffer r = le(ParamBlocks.rows(7, 9, 1e-6f, true));
        assertEquals(7, r.getInt(0));
        assertEquals(9, r.getInt(4));
        assertEquals(1e-6f, r.getFloat(8));
        assertEquals(1, r.getInt(12));
        ByteBuffer q = le(ParamBlocks.activationQuant(3, 11));
        assertEquals(8, q.capacity());
        assertEquals(11, q.getInt(4));
        assertEquals(3, le(ParamBlocks.bitLinear(1, 2, 3, true, true)).getInt(12), "both flags");
        assertEquals(2, le(ParamBlocks.bitLinear(1, 2, 3, false, true)).getInt(12), "bias only");
        assertEquals(0, le(ParamBlocks.bitLinear(1, 2, 3, false, false)).getInt(12));
        ByteBuffer t = le(ParamBlocks.ternary(100, 10, 4, 3));
        assertEquals(100, t.getInt(0));
        assertEquals(3, t.getInt(12));
    }
}
