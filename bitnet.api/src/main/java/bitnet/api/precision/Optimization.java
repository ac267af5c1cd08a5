package bitnet.api.precision;

import java.util.List;

/**
 * The result of choosing among candidate configurations.
 *
 * @param objectives the weights used
 * @param best the chosen candidate's plan
 * @param candidates every candidate, best score first; copied
 */
public record Optimization(Objectives objectives, PrecisionPlan best, List<CandidateScore> candidates) {
    /** Copies the list. */
    public Optimization {
        candidates = List.copyOf(candidates);
    }
}
