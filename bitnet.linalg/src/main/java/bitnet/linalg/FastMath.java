package bitnet.linalg;

/** Scalar helpers for the QR iterations' inner loops. */
final class FastMath {
    private static final double SMALL = 1e-150;
    private static final double LARGE = 1e150;

    private FastMath() {
    }

    /**
     * sqrt(a^2 + b^2) without undue overflow or underflow. {@link Math#hypot} is correctly rounded but ~10x slower;
     * the squares are safe whenever the larger magnitude lies within [1e-150, 1e150], and Math.hypot handles the
     * rest.
     */
    static double hypot(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        double max = Math.max(x, y);
        if (max < LARGE && max > SMALL) {
            return Math.sqrt(x * x + y * y);
        }
        return Math.hypot(a, b);
    }
}
