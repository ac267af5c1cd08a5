package bitnet.linalg;

/**
 * The determinant as sign and logarithm of its magnitude, det = sign * exp(logAbsDet), as
 * {@code numpy.linalg.slogdet} returns it; a singular matrix gives sign 0 and logAbsDet -infinity.
 *
 * @param sign +1, -1, or 0 for a singular matrix
 * @param logAbsDet natural logarithm of |det|
 */
public record SignedLogDet(double sign, double logAbsDet) {
}
