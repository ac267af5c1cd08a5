package bitnet.api.precision;

import java.util.List;

/**
 * The measured accuracy of a plan.
 *
 * @param plan the plan
 * @param entries one per plan entry, in the plan's order; copied
 * @param meanRelativeRmse the relative RMSE of the entries averaged with their element counts as weights
 * @param maxRelativeError the largest {@link ErrorStats#maxRelativeError()} of any entry
 */
public record AccuracyReport(PrecisionPlan plan, List<MeasuredEntry> entries, double meanRelativeRmse,
        double maxRelativeError) {
    /** Copies the list. */
    public AccuracyReport {
        entries = List.copyOf(entries);
    }
}
