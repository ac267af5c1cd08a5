package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.NonFiniteInputException;
import bitnet.api.linalg.NotPositiveDefiniteException;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SingularMatrixException;
import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.ShapeMismatchException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a typed exception whose message names the problem. */
class ErrorHandlingTest {
    private static final List<Consumer<double[]>> OPERATIONS = List.of(
            a -> Cholesky.factor(a, 3, 1),
            a -> Lu.factor(a, 3, 1),
            a -> Inverse.invert(a, 3, 1),
            a -> Determinants.det(a, 3, 1),
            a -> Qr.decompose(a, 3, 3, QrMode.REDUCED, 1),
            a -> SymmetricEigen.decompose(a, 3, true),
            a -> Svd.decompose(a, 3, 3, SvdMode.FULL),
            a -> LeastSquares.solve(a, 3, 3, new double[3], 1, -1, 1),
            a -> PseudoInverse.compute(a, 3, 3, 1e-15, 1),
            a -> Conditioning.cond(a, 3, 3, MatrixNorm.TWO, 1),
            a -> Norms.norm(a, 3, 3, MatrixNorm.FROBENIUS),
            a -> Svd.decompose(a, 3, 3, SvdMode.VALUES_ONLY),
            a -> Svd.decompose(a, 3, 3, SvdMode.THIN),
            a -> SymmetricEigen.decompose(a, 3, false),
            a -> Determinants.signedLog(a, 3, 1),
            a -> Inverse.solve(a, 3, new double[3], 1, 1),
            a -> Qr.decompose(a, 3, 3, QrMode.R_ONLY, 1),
            a -> Conditioning.cond(a, 3, 3, MatrixNorm.ONE, 1),
            a -> Conditioning.estimateOne(a, 3, 1),
            a -> Norms.norm(a, 3, 3, MatrixNorm.TWO),
            a -> Linalg32.svd(Linalg32.narrow(a), 3, 3, SvdMode.VALUES_ONLY),
            a -> Linalg32.eigh(Linalg32.narrow(a), 3, false),
            a -> Linalg32.slogdet(Linalg32.narrow(a), 3, 1));

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteInputIsRejectedByEveryOperation(double bad) {
        for (int op = 0; op < OPERATIONS.size(); op++) {
            double[] a = {4, 1, 0, 1, 3, 0, 0, 0, 2};
            a[5] = bad;
            a[7] = bad;
            Consumer<double[]> operation = OPERATIONS.get(op);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> operation.accept(a),
                    "operation " + op);
            assertTrue(e.getMessage().contains("(1, 2)") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
    }

    /** The divide-and-conquer paths (eigh from order 65, SVD vectors from 33) reject it too, before iterating. */
    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void nonFiniteInputIsRejectedBeforeAnyIteration(double bad) {
        double[] a = TestMatrices.symmetric(70, 3);
        a[69 * 70 + 68] = bad;
        String at = "(69, 68)";
        assertTrue(assertThrows(NonFiniteInputException.class, () -> SymmetricEigen.decompose(a, 70, true))
                .getMessage().contains(at));
        assertTrue(assertThrows(NonFiniteInputException.class, () -> Svd.decompose(a, 70, 70, SvdMode.FULL))
                .getMessage().contains(at));
        assertTrue(assertThrows(NonFiniteInputException.class, () -> Svd.values(a, 70, 70)).getMessage()
                .contains(at));
        assertTrue(assertThrows(NonFiniteInputException.class, () -> PseudoInverse.compute(a, 70, 70, 1e-15, 1))
                .getMessage().contains(at));
    }

    @Test
    void nonFiniteRightHandSideIsRejected() {
        double[] a = {2, 0, 0, 2};
        assertThrows(NonFiniteInputException.class, () -> Inverse.solve(a, 2, new double[] {1, Double.NaN}, 1, 1));
        assertThrows(NonFiniteInputException.class,
                () -> LeastSquares.solve(a, 2, 2, new double[] {Double.NaN, 1}, 1, -1, 1));
    }

    @Test
    void indefiniteMatrixNamesTheFailingMinor() {
        double[] a = {4, 2, 0, 2, 1, 0, 0, 0, 5};
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(a, 3, 1));
        assertEquals(2, e.minorOrder());
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    }

    @Test
    void singularMatrixIsRejectedBySolveButNotByDeterminant() {
        double[] a = {1, 2, 2, 4};
        SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> Inverse.invert(a, 2, 1));
        assertEquals(1, e.pivotIndex());
        assertEquals(0.0, Determinants.det(a, 2, 1));
        SignedLogDet d = Determinants.signedLog(a, 2, 1);
        assertEquals(0.0, d.sign());
        assertEquals(Double.NEGATIVE_INFINITY, d.logAbsDet());
        assertEquals(Double.POSITIVE_INFINITY, Conditioning.cond(a, 2, 2, MatrixNorm.ONE, 1));
        assertEquals(Double.POSITIVE_INFINITY, Conditioning.estimateOne(a, 2, 1));
    }

    @Test
    void wrongShapesAreNamed() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Cholesky.factor(new double[5], 2, 1));
        assertTrue(e.getMessage().contains("2 x 2"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Svd.decompose(new double[6], -2, -3, SvdMode.THIN));
        assertThrows(ShapeMismatchException.class,
                () -> Conditioning.cond(new double[6], 2, 3, MatrixNorm.ONE, 1));
        assertThrows(ShapeMismatchException.class, () -> Inverse.solve(new double[4], 2, new double[3], 2, 1));
    }
}
