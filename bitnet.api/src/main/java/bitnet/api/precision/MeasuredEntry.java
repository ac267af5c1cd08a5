package bitnet.api.precision;

/**
 * A plan entry and the measured error of its precision.
 *
 * @param entry the plan entry
 * @param error the error of converting the component's data (or a seeded sample of its shape) to the entry's
 *        precision and back
 */
public record MeasuredEntry(PlanEntry entry, ErrorStats error) {
}
