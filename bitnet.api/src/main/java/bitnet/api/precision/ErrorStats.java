package bitnet.api.precision;

/**
 * The error of converting values to a precision and back, measured by doing it.
 * <pre>
 *   rmse             = sqrt(mean((x - x')^2))
 *   relativeRmse     = rmse / sqrt(mean(x^2))          0 when every x is 0
 *   maxRelativeError = max |x - x'| / |x|              over x != 0; 0 when every x is 0
 * </pre>
 *
 * @param samples how many values were converted
 * @param rmse root mean square error
 * @param relativeRmse RMSE over the RMS of the values
 * @param maxRelativeError the largest error relative to its value
 * @param source what was converted: {@code "data"} (the registered values) or a description of the seeded
 *        sample used when no data was registered
 */
public record ErrorStats(long samples, double rmse, double relativeRmse, double maxRelativeError, String source) {
}
