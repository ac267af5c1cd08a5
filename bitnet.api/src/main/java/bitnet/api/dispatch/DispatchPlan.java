package bitnet.api.dispatch;

import java.util.List;
import java.util.Optional;

import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/**
 * The answer to "who would run this operation, and why".
 *
 * @param op the operation asked about
 * @param dtype the dtype asked about
 * @param candidates every registered backend in ranking order, with its decision
 */
public record DispatchPlan(Op op, DType dtype, List<Candidate> candidates) {
    /** Defensive copy. */
    public DispatchPlan {
        candidates = List.copyOf(candidates);
    }

    /** @return the backend that would run the operation: the first eligible candidate */
    public Optional<Candidate> chosen() {
        return candidates.stream().filter(Candidate::eligible).findFirst();
    }

    /** @return the eligible candidates in the order they would be tried */
    public List<Candidate> fallbackChain() {
        return candidates.stream().filter(Candidate::eligible).toList();
    }

    /**
     * One backend's decision.
     *
     * @param name backend name
     * @param ranking its {@code service.ranking}
     * @param eligible true if it would be tried
     * @param reason why it is not eligible (empty when eligible)
     */
    public record Candidate(String name, int ranking, boolean eligible, String reason) {
    }
}
