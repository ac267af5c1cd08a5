package bitnet.backend.metal.abi;

import java.util.List;
import java.util.Objects;

import bitnet.backend.metal.kernel.Launch;

/**
 * One kernel launch ({@code bm_dispatch}): the kernel, its buffers in argument order, its parameter block (bound
 * after the buffers) and the grid.
 *
 * @param kernel the kernel function's name
 * @param bindings buffers for arguments {@code 0 .. n-1}, at most {@link MetalAbi#MAX_BINDINGS}
 * @param params the parameter block's bytes (little-endian, as {@code ParamBlocks} writes them)
 * @param launch threadgroups, threads per threadgroup, threadgroup memory
 */
public record Dispatch(String kernel, List<Binding> bindings, byte[] params, Launch launch) {
    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if there are more bindings than the ABI carries
     */
    public Dispatch {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(launch, "launch");
        bindings = List.copyOf(bindings);
        if (bindings.size() > MetalAbi.MAX_BINDINGS) {
            throw new IllegalArgumentException("kernel " + kernel + " binds " + bindings.size()
                    + " buffers; the ABI carries at most " + MetalAbi.MAX_BINDINGS);
        }
    }
}
