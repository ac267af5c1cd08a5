package bitnet.api.dispatch;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/**
 * Routes each operation to the highest-ranked backend that is available and supports it, falling back along
 * the ranking order.
 *
 * <p>Order: {@code service.ranking} descending, ties by lowest {@code service.id}. A backend is skipped when
 * it is unavailable, does not support the operation and dtype, or declines the call's layout. A backend that
 * throws while executing (including {@link bitnet.api.backend.BackendUnavailableException} because it is
 * stopping) makes the dispatcher retry on the next candidate taken from a fresh snapshot of the registered
 * backends. Thread-safe.
 */
@ProviderType
public interface Dispatcher {

    /**
     * Runs {@code call} on the best candidate, retrying on the next ones.
     *
     * @param call a validated operation; its output is completely written on success
     * @return the name of the backend that ran it
     * @throws NoBackendAvailableException if no backend could run it; the message lists each backend and why
     */
    String execute(OpCall call);

    /**
     * Runs {@code call} on the named backend only, with no fallback: for demos, benchmarks and debugging.
     *
     * @param backendName the backend's name ({@code "cpu"})
     * @param call a validated operation
     * @throws NoBackendAvailableException if that backend is not registered, not eligible, or fails
     */
    void executeOn(String backendName, OpCall call);

    /**
     * Explains who would run {@code op} on {@code dtype} now, and the fallback chain behind it.
     *
     * @param op the operation
     * @param dtype the operands' dtype
     * @return every registered backend in ranking order with its decision
     */
    DispatchPlan plan(Op op, DType dtype);

    /** @return every registered backend in ranking order */
    List<BackendStatus> backends();
}
