package bitnet.api.linalg;

/**
 * An iterative part of a decomposition did not converge within its cap: the implicit-shift QR iteration on the
 * bidiagonal (SVD), the implicit QL iteration on the tridiagonal (eigh, eigvalsh, and the leaves of divide and
 * conquer) or the secular equation of a divide-and-conquer merge. Each cap is proportional to the order of the
 * matrix, as LAPACK's are (75 passes per singular value, 30 sweeps per eigenvalue, 400 steps per secular root); the
 * message names the iteration, that order and the number of iterations allowed.
 *
 * <p>For finite input this is not expected (it was never seen in testing): NaN and infinities are rejected before
 * any iteration ({@link NonFiniteInputException}), and matrices near either end of the double range are scaled by a
 * power of two first, as LAPACK scales them, so neither can make an iteration run away.
 *
 * <p><b>Not retried on another backend.</b> Like every {@link LinAlgException} it is a
 * {@link bitnet.api.InvalidInputException}, which the dispatcher hands to the caller at once instead of running the
 * call again on the next backend. Non-convergence is treated as a property of the input, not of a kernel's rounding:
 * <ul>
 * <li>every backend runs the same algorithm (the library {@code bitnet.linalg}); the iterations themselves (shifts,
 * deflation tests, secular roots) are the same scalar code in the scalar and the vector kernels, which differ only
 * in the last bits of the Householder reduction that feeds them (and of the divide-and-conquer eigenvectors);</li>
 * <li>with NaN, infinities and over- or underflow ruled out, what is left is a shift strategy stalling on the
 * structure of the matrix, which differences of a few ulps in the starting bidiagonal or tridiagonal are not
 * expected to undo;</li>
 * <li>a retry would cost a second full O(n^3) run, on a backend that is typically several times slower, and an
 * answer that appeared only on the fallback would make the result depend on which backends are installed.</li>
 * </ul>
 * A caller that meets it can perturb the input (a relative perturbation of a few ulps) or use another decomposition;
 * the matrix is worth reporting.
 */
public class NoConvergenceException extends LinAlgException {
    private static final long serialVersionUID = 1L;

    /** @param message which iteration failed, on a matrix of which order, after how many iterations */
    public NoConvergenceException(String message) {
        super(message);
    }
}
