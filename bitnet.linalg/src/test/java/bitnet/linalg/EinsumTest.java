package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitnet.api.linalg.UnsupportedEinsumException;
import bitnet.api.tensor.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** The einsum patterns matmul, batched matmul, outer, trace, transpose and bilinear forms need, and its errors. */
class EinsumTest {
    /** Sums of a few products: reassociation is the only difference from the loops written out here. */
    private static final double TOLERANCE = 1e-12;

    private static NdArray nd(int[] shape, long seed) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return new NdArray(shape, TestMatrices.random(1, size, seed));
    }

    @Test
    void matmulAndBatchedMatmul() {
        NdArray a = nd(new int[] {5, 7}, 1);
        NdArray b = nd(new int[] {7, 3}, 2);
        double[] want = Matrices.multiply(a.data(), 5, 7, b.data(), 3, 1);
        NdArray c = Einsum.evaluate("ij,jk->ik", 1, a, b);
        assertArrayEquals(new int[] {5, 3}, c.shape());
        assertArrayEquals(want, c.data(), TOLERANCE);
        assertArrayEquals(want, Einsum.evaluate("ij,jk", 1, a, b).data(), TOLERANCE, "implicit output 'ik'");
        // Relabelled, so it takes the general loop: must agree with the GEMM path.
        assertArrayEquals(want, Einsum.evaluate("xy,yz->xz", 1, a, b).data(), TOLERANCE);
        assertArrayEquals(Matrices.transpose(want, 5, 3), Einsum.evaluate("ij,jk->ki", 1, a, b).data(), TOLERANCE);

        NdArray ba = nd(new int[] {4, 5, 7}, 3);
        NdArray bb = nd(new int[] {4, 7, 3}, 4);
        NdArray bc = Einsum.evaluate("bij,bjk->bik", 2, ba, bb);
        assertArrayEquals(new int[] {4, 5, 3}, bc.shape());
        for (int t = 0; t < 4; t++) {
            double[] at = java.util.Arrays.copyOfRange(ba.data(), t * 35, (t + 1) * 35);
            double[] bt = java.util.Arrays.copyOfRange(bb.data(), t * 21, (t + 1) * 21);
            assertArrayEquals(Matrices.multiply(at, 5, 7, bt, 3, 1),
                    java.util.Arrays.copyOfRange(bc.data(), t * 15, (t + 1) * 15), TOLERANCE);
        }
    }

    @Test
    void outerTraceTransposeDiagonalAndSums() {
        NdArray x = new NdArray(new int[] {3}, new double[] {1, 2, 3});
        NdArray y = new NdArray(new int[] {2}, new double[] {10, 20});
        assertArrayEquals(new double[] {10, 20, 20, 40, 30, 60}, Einsum.evaluate("i,j->ij", 1, x, y).data());
        NdArray m = new NdArray(new int[] {3, 3}, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertArrayEquals(new double[] {15}, Einsum.evaluate("ii->", 1, m).data());
        assertArrayEquals(new double[] {15}, Einsum.evaluate("ii", 1, m).data(), "implicit trace");
        assertArrayEquals(new double[] {1, 5, 9}, Einsum.evaluate("ii->i", 1, m).data());
        assertArrayEquals(new double[] {1, 4, 7, 2, 5, 8, 3, 6, 9}, Einsum.evaluate("ij->ji", 1, m).data());
        assertArrayEquals(new double[] {1, 4, 7, 2, 5, 8, 3, 6, 9}, Einsum.evaluate("ba", 1, m).data(),
                "implicit output is alphabetical: a transpose");
        assertArrayEquals(new double[] {12, 15, 18}, Einsum.evaluate("ij->j", 1, m).data());
        assertArrayEquals(new double[] {14}, Einsum.evaluate("i,i->", 1, x, x).data(), "dot product");
    }

    @Test
    void bilinearForm() {
        NdArray x = new NdArray(new int[] {3}, new double[] {1, 2, 3});
        NdArray y = new NdArray(new int[] {2}, new double[] {-1, 2});
        NdArray a = new NdArray(new int[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6});
        // x^T A y = sum_ij x_i A_ij y_j = 1*(−1+4) + 2*(−3+8) + 3*(−5+12) = 3 + 10 + 21
        NdArray r = Einsum.evaluate("i,ij,j->", 1, x, a, y);
        assertArrayEquals(new int[0], r.shape());
        assertArrayEquals(new double[] {34}, r.data(), TOLERANCE);
        NdArray batch = Einsum.evaluate("bi,ij,bj->b", 1, new NdArray(new int[] {2, 3}, new double[] {1, 2, 3, 0, 0, 1}),
                a, new NdArray(new int[] {2, 2}, new double[] {-1, 2, 1, 1}));
        assertArrayEquals(new double[] {34, 11}, batch.data(), TOLERANCE);
    }

    @Test
    void emptyDimensionsGiveEmptyOrZeroResults() {
        NdArray a = new NdArray(new int[] {0, 4}, new double[0]);
        NdArray b = new NdArray(new int[] {4, 2}, new double[8]);
        assertArrayEquals(new int[] {0, 2}, Einsum.evaluate("ij,jk->ik", 1, a, b).shape());
        NdArray c = new NdArray(new int[] {2, 0}, new double[0]);
        NdArray d = new NdArray(new int[] {0, 3}, new double[0]);
        assertArrayEquals(new double[6], Einsum.evaluate("ij,jk->ik", 1, c, d).data());
    }

    @Test
    void unsupportedOrMalformedSubscriptsAreTypedErrors() {
        NdArray m = nd(new int[] {2, 2}, 5);
        String[] bad = {"...ij,...jk->...ik", "ij->ij->ij", "i1->i", "ij->k", "ij->ii", "ij,jk->ik"};
        for (String s : bad) {
            UnsupportedEinsumException e = assertThrows(UnsupportedEinsumException.class,
                    () -> Einsum.evaluate(s, 1, m), s);
            assertTrue(e.getMessage().contains(s), e.getMessage());
        }
        assertThrows(UnsupportedEinsumException.class, () -> Einsum.evaluate("ijk->i", 1, m), "rank mismatch");
        assertThrows(ShapeMismatchException.class,
                () -> Einsum.evaluate("ij,jk->ik", 1, m, nd(new int[] {3, 2}, 6)), "inner dimensions differ");
    }
}
