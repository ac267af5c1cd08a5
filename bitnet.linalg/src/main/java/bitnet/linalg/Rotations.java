package bitnet.linalg;

/**
 * The plane rotation of two rows, {@code x' = c x + s y, y' = c y - s x}, each evaluated as one multiply and one
 * fused multiply-add: the kernel of the QR iterations of the symmetric eigensolver and of the SVD.
 */
final class Rotations {
    private Rotations() {
    }

    /** x[xo + i] = c x + s y, x[yo + i] = c y - s x for i &lt; len, on one array, in the mode {@link Kernels} says. */
    static void rotate(double[] x, int xo, int yo, int len, double c, double s) {
        if (Kernels.vector()) {
            RotationsVector.rotate(x, xo, yo, len, c, s);
        } else {
            rotateScalar(x, xo, yo, len, c, s);
        }
    }

    /** Scalar reference of {@link #rotate}, with the same roundings. */
    static void rotateScalar(double[] x, int xo, int yo, int len, double c, double s) {
        for (int i = 0; i < len; i++) {
            double a = x[xo + i];
            double b = x[yo + i];
            x[xo + i] = Math.fma(a, c, b * s);
            x[yo + i] = Math.fma(b, c, -(a * s));
        }
    }
}
