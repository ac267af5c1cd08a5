package bitnet.api.precision;

/**
 * Weights of the objectives an optimisation trades off. Each candidate's memory ({@link PrecisionPlan#totalBytes()}),
 * speed proxy ({@link PrecisionPlan#bytesMoved()}) and error ({@link AccuracyReport#meanRelativeRmse()}) is divided
 * by the best value among the candidates, and the candidate with the lowest weighted sum wins.
 *
 * @param memory weight of memory, at least 0
 * @param speed weight of the speed proxy, at least 0
 * @param accuracy weight of the measured error, at least 0
 */
public record Objectives(double memory, double speed, double accuracy) {
    /** @throws PrecisionException if a weight is negative or not finite, or all are 0 */
    public Objectives {
        for (double w : new double[] {memory, speed, accuracy}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new PrecisionException("objective weights must be finite and at least 0, got memory=" + memory
                        + " speed=" + speed + " accuracy=" + accuracy);
            }
        }
        if (memory + speed + accuracy == 0) {
            throw new PrecisionException("at least one objective weight must be positive");
        }
    }
}
