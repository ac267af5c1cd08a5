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
 * @param outputBytes bytes copied back to the output tensor (0 when {@code results} carry everything)
 * @param results further copies out after the command buffer succeeded: the other outputs of a call that has
 *     several (quantization writes values and scales), or an output whose last byte it shares with its neighbours
 */
public record CallPlan(List<Slot> slots, List<Step> steps, int outputSlot, long outputBytes, List<Result> results) {
    /** Copies the lists. */
    public CallPlan {
        slots = List.copyOf(slots);
        steps = List.copyOf(steps);
        results = List.copyOf(results);
    }

    /**
     * A plan with one output and no further results.
     *
     * @param slots device buffers
     * @param steps launches
     * @param outputSlot the slot holding the result
     * @param outputBytes bytes copied back
     */
    public CallPlan(List<Slot> slots, List<Step> steps, int outputSlot, long outputBytes) {
        this(slots, steps, outputSlot, outputBytes, List.of());
    }

    /**
     * A copy from the start of a slot into host memory. Of the target's last byte only the low
     * {@code lastByteBits} bits are written and the others kept, so a sub-byte output ending inside a byte leaves
     * the elements after it alone.
     *
     * @param slot the slot to copy from
     * @param target the host bytes to fill, exactly the result's bytes
     * @param lastByteBits 1 to 8: bits of the last target byte that belong to the result
     */
    public record Result(int slot, MemorySegment target, int lastByteBits) {
        /** @throws IllegalArgumentException if {@code lastByteBits} is not between 1 and 8 */
        public Result {
            Objects.requireNonNull(target, "target");
            if (lastByteBits < 1 || lastByteBits > Byte.SIZE) {
                throw new IllegalArgumentException("lastByteBits must be 1 to 8, got " + lastByteBits);
            }
        }

        /**
         * @param slot the slot to copy from
         * @param target the host bytes to fill, all of them
         * @return a whole-byte result
         */
        public static Result whole(int slot, MemorySegment target) {
            return new Result(slot, target, Byte.SIZE);
        }
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
