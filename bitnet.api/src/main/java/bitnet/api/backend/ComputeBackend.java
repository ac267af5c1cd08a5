package bitnet.api.backend;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/**
 * A compute backend, registered as an OSGi service.
 *
 * <p><b>Registration.</b> A backend registers under this interface with the service properties
 * {@code service.ranking} (higher runs first: MLX 100, Metal 80, SIMD 60, CPU 40) and
 * {@link #NAME_PROPERTY}. The dispatcher orders backends by {@code service.ranking}, ties broken by the
 * lowest {@code service.id}; it never keeps a backend object across calls.
 *
 * <p><b>Execution.</b> {@link #execute(OpCall)} receives validated operands: shapes already checked, broadcast
 * operands already expanded to the output shape (stride-0 views), and an output tensor already allocated. The
 * backend writes every element of the output and nothing else. Implementations are thread-safe.
 *
 * <p><b>Going away.</b> A backend being deactivated refuses new calls with
 * {@link BackendUnavailableException}, waits (bounded) for calls in flight, and only then releases native
 * resources. The dispatcher retries a refused or failed call on the next backend.
 */
@ProviderType
public interface ComputeBackend {

    /** Service property holding the backend's short name ({@code "simd"}). */
    String NAME_PROPERTY = "bitnet.backend.name";

    /** @return name, device and implementation detail (for example the vector species) */
    BackendInfo info();

    /** @return whether the backend can run anything now, and if not, why */
    Availability availability();

    /** @return the operations this backend implements for at least one dtype */
    Set<Op> operations();

    /**
     * @param op an operation
     * @param dtype the dtype of its operands
     * @return true if this backend implements {@code op} for {@code dtype} in general
     */
    boolean supports(Op op, DType dtype);

    /**
     * A finer check made before each call: a backend may decline layouts it has no kernel for (for example
     * non-contiguous operands); the dispatcher then moves to the next backend.
     *
     * @param call the call about to be executed
     * @return true if {@link #execute(OpCall)} would run it
     */
    boolean accepts(OpCall call);

    /**
     * Runs one operation, writing every element of the call's output.
     *
     * @param call the operation and its operands
     * @throws BackendUnavailableException if the backend is stopping or stopped; nothing was written that the
     *     next backend will not overwrite
     * @throws UnsupportedOperationException if the call is not supported (the dispatcher moves on)
     */
    void execute(OpCall call);
}
