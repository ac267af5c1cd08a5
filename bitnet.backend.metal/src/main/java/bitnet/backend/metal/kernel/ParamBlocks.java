package bitnet.backend.metal.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes the kernels' parameter structs ({@code shaders/bm_params.h}) as little-endian bytes, field by field in
 * declaration order; every field is 4 bytes, so a struct's size is its field count times 4 with no padding.
 * Values that do not fit the 32-bit fields throw instead of wrapping.
 */
public final class ParamBlocks {
    /** {@code BM_MAX_RANK}. */
    public static final int MAX_RANK = 8;
    /** Operands an element-wise kernel addresses (where: mask, x, y). */
    public static final int MAX_OPERANDS = 3;
    /** Bytes of {@code bm_ew_params}. */
    public static final int ELEMENTWISE_BYTES = 160;
    /** Bytes of {@code bm_matmul_params}. */
    public static final int MATMUL_BYTES = 48;
    /** Bytes of {@code bm_rows_params}, {@code bm_bitlinear_params} and {@code bm_ternary_params}. */
    public static final int SMALL_BYTES = 16;
    /** Bytes of {@code bm_act_quant_params}. */
    public static final int ACT_QUANT_BYTES = 8;

    private ParamBlocks() {
    }

    /**
     * {@code bm_ew_params}.
     *
     * @param shape the output's shape, rank at most 8
     * @param strides per operand (1 to 3), strides in elements with the output's rank
     * @param offsets per operand, the element offset from the bound buffer position
     * @param lo clamp lower bound (NaN for none; ignored by other kernels)
     * @param hi clamp upper bound (NaN for none)
     * @return 160 bytes
     * @throws IllegalArgumentException if the rank, operand count or a value is out of range
     */
    public static byte[] elementwise(long[] shape, long[][] strides, long[] offsets, float lo, float hi) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds the kernels' " + MAX_RANK);
        }
        if (strides.length < 1 || strides.length > MAX_OPERANDS || offsets.length != strides.length) {
            throw new IllegalArgumentException("1 to 3 operands with one offset each, got " + strides.length
                    + " stride sets and " + offsets.length + " offsets");
        }
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        ByteBuffer b = buffer(ELEMENTWISE_BYTES);
        b.putInt(u32("element count", count)).putInt(shape.length);
        for (int d = 0; d < MAX_RANK; d++) {
            b.putInt(d < shape.length ? i32("extent", shape[d]) : 1);
        }
        for (int k = 0; k < MAX_OPERANDS; k++) {
            for (int d = 0; d < MAX_RANK; d++) {
                if (k < strides.length && strides[k].length != shape.length) {
                    throw new IllegalArgumentException("operand " + k + " has " + strides[k].length
                            + " strides for rank " + shape.length);
                }
                b.putInt(k < strides.length && d < shape.length ? i32("stride", strides[k][d]) : 0);
            }
        }
        for (int k = 0; k < MAX_OPERANDS; k++) {
            b.putInt(k < offsets.length ? i32("offset", offsets[k]) : 0);
        }
        b.putFloat(lo).putFloat(hi).putInt(0);
        return b.array();
    }

    /**
     * {@code bm_matmul_params}.
     *
     * @param batch batches
     * @param m rows of a and the output
     * @param n columns of b and the output
     * @param k the inner extent
     * @param aStrides a's batch, row and column strides
     * @param bStrides b's batch, row and column strides
     * @param aOffset a's element offset from its binding
     * @param bOffset b's element offset from its binding
     * @return 48 bytes
     */
    public static byte[] matmul(long batch, long m, long n, long k, long[] aStrides, long[] bStrides, long aOffset,
            long bOffset) {
        ByteBuffer b = buffer(MATMUL_BYTES);
        b.putInt(u32("batches", batch)).putInt(u32("rows", m)).putInt(u32("columns", n)).putInt(u32("inner", k));
        for (long s : aStrides) {
            b.putInt(i32("stride", s));
        }
        for (long s : bStrides) {
            b.putInt(i32("stride", s));
        }
        b.putInt(i32("offset", aOffset)).putInt(i32("offset", bOffset));
        return b.array();
    }

    /**
     * {@code bm_rows_params}.
     *
     * @param rows rows
     * @param cols elements per row
     * @param eps RMSNorm epsilon (0 for softmax)
     * @param weighted whether a weight buffer is bound (flag bit 0)
     * @return 16 bytes
     */
    public static byte[] rows(long rows, long cols, float eps, boolean weighted) {
        return buffer(SMALL_BYTES).putInt(u32("rows", rows)).putInt(u32("columns", cols)).putFloat(eps)
                .putInt(weighted ? 1 : 0).array();
    }

    /**
     * {@code bm_act_quant_params}.
     *
     * @param tokens tokens
     * @param dim values per token
     * @return 8 bytes
     */
    public static byte[] activationQuant(long tokens, long dim) {
        return buffer(ACT_QUANT_BYTES).putInt(u32("tokens", tokens)).putInt(u32("features", dim)).array();
    }

    /**
     * {@code bm_bitlinear_params}.
     *
     * @param tokens tokens
     * @param out output features
     * @param in input features
     * @param gammaPerRow one gamma per output row (flag bit 0), else one for the tensor
     * @param bias whether a bias is bound (flag bit 1)
     * @return 16 bytes
     */
    public static byte[] bitLinear(long tokens, long out, long in, boolean gammaPerRow, boolean bias) {
        return buffer(SMALL_BYTES).putInt(u32("tokens", tokens)).putInt(u32("output features", out))
                .putInt(u32("input features", in)).putInt((gammaPerRow ? 1 : 0) | (bias ? 2 : 0)).array();
    }

    /**
     * {@code bm_ternary_params}.
     *
     * @param count weights
     * @param cols weights per row
     * @param group columns per scale group
     * @param groupsPerRow scale groups per row
     * @return 16 bytes
     */
    public static byte[] ternary(long count, long cols, long group, long groupsPerRow) {
        return buffer(SMALL_BYTES).putInt(u32("weights", count)).putInt(u32("columns", cols))
                .putInt(u32("group", group)).putInt(u32("groups per row", groupsPerRow)).array();
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int i32(String what, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + v + " does not fit the kernels' 32-bit field");
        }
        return (int) v;
    }

    private static int u32(String what, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + v + " does not fit the kernels' unsigned 32-bit field");
        }
        return (int) v;
    }
}
