package bitnet.api.precision;

/**
 * One candidate configuration of an optimisation and its measurements.
 *
 * @param policy the policy that produced the candidate
 * @param bytes its {@link PrecisionPlan#totalBytes()}
 * @param bytesMoved its {@link PrecisionPlan#bytesMoved()}
 * @param meanRelativeRmse its measured {@link AccuracyReport#meanRelativeRmse()}
 * @param score the weighted sum of the three, each divided by the best among the candidates; lower is better
 */
public record CandidateScore(String policy, long bytes, long bytesMoved, double meanRelativeRmse, double score) {
}
