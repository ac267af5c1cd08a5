package bitnet.linalg;

import bitnet.api.linalg.UnsupportedEinsumException;
import bitnet.api.tensor.ShapeMismatchException;

/**
 * Einstein summation over any number of operands in NumPy's explicit and implicit notation, without ellipsis.
 * Matrix products ({@code ij,jk->ik}) and batched matrix products ({@code bij,bjk->bik}) run on {@link Gemm};
 * every other pattern (outer products, traces, diagonals, transposes, bilinear forms, sums) runs a general
 * loop over all labels.
 */
public final class Einsum {
    private Einsum() {
    }

    /**
     * Evaluates {@code subscripts} over the operands. Unlike the decompositions, einsum is plain arithmetic and
     * propagates NaN and infinities as NumPy does.
     *
     * @return a new array with the output labels' dimensions
     * @throws UnsupportedEinsumException for malformed subscripts, ellipsis, or a label count that does not match
     *     an operand's rank
     * @throws ShapeMismatchException if one label stands for different dimensions
     */
    public static NdArray evaluate(String subscripts, int threads, NdArray... operands) {
        int[][] shapes = new int[operands.length][];
        for (int o = 0; o < operands.length; o++) {
            shapes[o] = operands[o].shape();
        }
        EinsumSpec spec = EinsumSpec.parse(subscripts, operands.length);
        int[] dims = labelDims(subscripts, spec, shapes);
        int[] outShape = outputShape(spec, dims);
        NdArray fast = matmul(spec, dims, outShape, operands, threads);
        return fast != null ? fast : general(spec, dims, outShape, operands);
    }

    /**
     * The shape {@link #evaluate} would return, without computing anything: lets a caller allocate the result first.
     *
     * @param subscripts as for {@link #evaluate}
     * @param shapes the operands' shapes, one per term
     * @return the output labels' dimensions
     * @throws UnsupportedEinsumException and {@link ShapeMismatchException} as {@link #evaluate}
     */
    public static int[] outputShape(String subscripts, int[]... shapes) {
        EinsumSpec spec = EinsumSpec.parse(subscripts, shapes.length);
        return outputShape(spec, labelDims(subscripts, spec, shapes));
    }

    private static int[] labelDims(String subscripts, EinsumSpec spec, int[][] shapes) {
        int[] dims = new int[128];
        java.util.Arrays.fill(dims, -1);
        for (int o = 0; o < shapes.length; o++) {
            String in = spec.inputs()[o];
            if (in.length() != shapes[o].length) {
                throw new UnsupportedEinsumException(subscripts, "operand " + o + " has rank " + shapes[o].length
                        + " but its subscripts '" + in + "' name " + in.length() + " dimension(s)");
            }
            for (int i = 0; i < in.length(); i++) {
                char c = in.charAt(i);
                int d = shapes[o][i];
                if (dims[c] >= 0 && dims[c] != d) {
                    throw new ShapeMismatchException("einsum '" + subscripts + "': label '" + c + "' is " + dims[c]
                            + " in one place and " + d + " in operand " + o);
                }
                dims[c] = d;
            }
        }
        return dims;
    }

    private static int[] outputShape(EinsumSpec spec, int[] dims) {
        String out = spec.output();
        int[] outShape = new int[out.length()];
        for (int i = 0; i < out.length(); i++) {
            outShape[i] = dims[out.charAt(i)];
        }
        return outShape;
    }

    // ij,jk->ik and bij,bjk->bik with distinct labels: the products GEMM was made for.
    private static NdArray matmul(EinsumSpec spec, int[] dims, int[] outShape, NdArray[] ops, int threads) {
        if (ops.length != 2) {
            return null;
        }
        String a = spec.inputs()[0];
        String b = spec.inputs()[1];
        String o = spec.output();
        boolean batched = a.length() == 3;
        int off = batched ? 1 : 0;
        if (a.length() != 2 + off || b.length() != 2 + off || o.length() != 2 + off) {
            return null;
        }
        char i = a.charAt(off);
        char j = a.charAt(off + 1);
        char k = b.charAt(off + 1);
        if (b.charAt(off) != j || o.charAt(off) != i || o.charAt(off + 1) != k || i == j || j == k || i == k) {
            return null;
        }
        if (batched && (b.charAt(0) != a.charAt(0) || o.charAt(0) != a.charAt(0) || a.charAt(0) == i || a.charAt(0) == j || a.charAt(0) == k)) {
            return null;
        }
        int batch = batched ? dims[a.charAt(0)] : 1;
        int m = dims[i];
        int n = dims[k];
        int inner = dims[j];
        double[] c = new double[batch * m * n];
        for (int t = 0; t < batch; t++) {
            Gemm.multiplyAdd(m, n, inner, 1.0, ops[0].data(), t * m * inner, inner, ops[1].data(), t * inner * n, n,
                    c, t * m * n, n, threads);
        }
        return new NdArray(outShape, c);
    }

    // Odometer over every label: each step adds the product of the operands' elements to the output element.
    private static NdArray general(EinsumSpec spec, int[] dims, int[] outShape, NdArray[] ops) {
        StringBuilder all = new StringBuilder();
        for (String in : spec.inputs()) {
            for (int i = 0; i < in.length(); i++) {
                if (all.indexOf(String.valueOf(in.charAt(i))) < 0) {
                    all.append(in.charAt(i));
                }
            }
        }
        int labels = all.length();
        int[] size = new int[labels];
        long total = 1;
        for (int l = 0; l < labels; l++) {
            size[l] = dims[all.charAt(l)];
            total *= size[l];
        }
        int nops = ops.length;
        // stride[o][l]: how far operand o's flat index moves when label l grows by one (repeated labels add up).
        long[][] stride = new long[nops + 1][labels];
        for (int o = 0; o <= nops; o++) {
            String in = o < nops ? spec.inputs()[o] : spec.output();
            int[] shape = o < nops ? ops[o].shape() : outShape;
            long s = 1;
            for (int d = in.length() - 1; d >= 0; d--) {
                stride[o][all.indexOf(String.valueOf(in.charAt(d)))] += s;
                s *= shape[d];
            }
        }
        long outSize = 1;
        for (int d : outShape) {
            outSize *= d;
        }
        double[] result = new double[(int) outSize];
        if (total == 0) {
            return new NdArray(outShape, result);
        }
        int[] index = new int[labels];
        long[] at = new long[nops + 1];
        for (long step = 0; step < total; step++) {
            double prod = 1;
            for (int o = 0; o < nops; o++) {
                prod *= ops[o].data()[(int) at[o]];
            }
            result[(int) at[nops]] += prod;
            for (int l = labels - 1; l >= 0; l--) {
                if (++index[l] < size[l]) {
                    for (int o = 0; o <= nops; o++) {
                        at[o] += stride[o][l];
                    }
                    break;
                }
                index[l] = 0;
                for (int o = 0; o <= nops; o++) {
                    at[o] -= stride[o][l] * (size[l] - 1);
                }
            }
        }
        return new NdArray(outShape, result);
    }
}
