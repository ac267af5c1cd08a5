package bitnet.backend.metal.kernel;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * Everything one operation needs on the GPU, decided on the host before any native call: the device buffers
 * ({@link Slot}s, with the host bytes to copy into each), the launches ({@link Step}s, binding slots by index), and
 * which slot holds the result. Pure data; {@code PlanRunner} executes it.
 *
 * @param slots device buffers, in binding-table order
 * @param steps launches, run in order in one command buffer; empty when the output has no elements
 * @param outputSlot the slot whose first {@code outputBytes} bytes are the result
 * @param outputBytes bytes copied back to the output tensor
 */
public record CallPlan(List<Slot> slots, List<Step> steps, int outputSlot, long outputBytes) {
    /** Copies the lists. */
    public CallPlan {
        slots = List.copyOf(slots);
        steps = List.copyOf(steps);
    }

    /**
     * A device buffer.
     *
     * @param role what it holds, for messages and tests ("a", "scales", "out")
     * @param bytes its size (a kernel may bind a slot of 0 bytes that it never reads; the runner still allocates)
     * @param source host bytes copied in before the launches (exactly {@code bytes} long), or null for scratch
     *     and output buffers
     */
    public record Slot(String role, long bytes, MemorySegment source) {
        /** @throws IllegalArgumentException if the source length differs from {@code bytes} */
        public Slot {
            Objects.requireNonNull(role, "role");
            if (source != null && source.byteSize() != bytes) {
                throw new IllegalArgumentException("slot " + role + ": source has " + source.byteSize()
                        + " bytes, slot " + bytes);
            }
        }
    }

    /**
     * A launch.
     *
     * @param kernel kernel name
     * @param bindings slot index per buffer argument, in argument order
     * @param params the parameter block
     * @param launch the grid
     */
    public record Step(String kernel, List<Integer> bindings, byte[] params, Launch launch) {
        /** Copies the bindings. */
        public Step {
            bindings = List.copyOf(bindings);
        }
    }
}
