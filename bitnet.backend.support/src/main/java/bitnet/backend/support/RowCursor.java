package bitnet.backend.support;

import bitnet.api.tensor.Tensor;

/**
 * Walks operands that share one shape row by row: a row is the last axis, the rows are every combination of
 * the leading axes in row-major order. For each row it gives every operand's element offset of the row's first
 * element; {@link #innerStride(int)} steps along the row. A rank-0 shape is one row of one element.
 *
 * <pre>{@code
 * RowCursor rows = new RowCursor(out.shape(), a, b, out);
 * for (long r = 0; r < rows.rows(); r++, rows.advance()) {
 *     long ao = rows.offset(0), bo = rows.offset(1), oo = rows.offset(2);
 *     for (long j = 0; j < rows.rowLength(); j++) { ... }
 * }
 * }</pre>
 * Not thread-safe; cheap to create (one per call, or one per thread and row range via {@link #seek(long)}).
 */
public final class RowCursor {
    private final long[] outer;
    private final long[][] outerStrides;
    private final long[] base;
    private final long[] offsets;
    private final long[] innerStrides;
    private final long[] index;
    private final long rowLength;
    private final long rows;

    /**
     * @param shape the common shape
     * @param operands tensors of that shape (their own strides and offsets are used)
     * @throws IllegalArgumentException if an operand's rank differs from the shape's
     */
    public RowCursor(long[] shape, Tensor... operands) {
        int rank = shape.length;
        int n = operands.length;
        this.base = new long[n];
        this.offsets = new long[n];
        this.innerStrides = new long[n];
        this.outer = rank == 0 ? new long[0] : java.util.Arrays.copyOf(shape, rank - 1);
        this.outerStrides = new long[n][];
        this.index = new long[outer.length];
        this.rowLength = rank == 0 ? 1 : shape[rank - 1];
        long count = 1;
        for (long d : outer) {
            count *= d;
        }
        this.rows = rowLength == 0 ? 0 : count;
        for (int k = 0; k < n; k++) {
            Tensor t = operands[k];
            if (t.rank() != rank) {
                throw new IllegalArgumentException("operand " + k + " has rank " + t.rank() + ", expected " + rank);
            }
            long[] strides = t.strides();
            base[k] = t.offset();
            offsets[k] = base[k];
            innerStrides[k] = rank == 0 ? 1 : strides[rank - 1];
            outerStrides[k] = java.util.Arrays.copyOf(strides, outer.length);
        }
    }

    /** @return number of rows (0 if any axis is 0) */
    public long rows() {
        return rows;
    }

    /** @return elements per row (the last axis' extent) */
    public long rowLength() {
        return rowLength;
    }

    /**
     * @param operand operand index
     * @return element offset of the current row's first element of that operand
     */
    public long offset(int operand) {
        return offsets[operand];
    }

    /**
     * @param operand operand index
     * @return element stride along the row for that operand (1 contiguous, 0 broadcast)
     */
    public long innerStride(int operand) {
        return innerStrides[operand];
    }

    /** Moves to the next row in row-major order. */
    public void advance() {
        for (int d = outer.length - 1; d >= 0; d--) {
            index[d]++;
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] += outerStrides[k][d];
            }
            if (index[d] < outer[d]) {
                return;
            }
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] -= outerStrides[k][d] * outer[d];
            }
            index[d] = 0;
        }
    }

    /**
     * Positions the cursor on row {@code row}, for splitting rows among threads.
     *
     * @param row a row number in {@code [0, rows())}
     */
    public void seek(long row) {
        long rest = row;
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = base[k];
        }
        for (int d = outer.length - 1; d >= 0; d--) {
            index[d] = rest % outer[d];
            rest /= outer[d];
            for (int k = 0; k < offsets.length; k++) {
                offsets[k] += index[d] * outerStrides[k][d];
            }
        }
    }
}
