package bitnet.backend.metal.abi;

/**
 * A buffer bound to a kernel argument ({@code bm_binding}).
 *
 * @param buffer the {@code bm_buffer*} handle
 * @param offset bytes from the buffer's start
 */
public record Binding(long buffer, long offset) {
    /** @throws IllegalArgumentException if the offset is negative */
    public Binding {
        if (offset < 0) {
            throw new IllegalArgumentException("binding offset must not be negative: " + offset);
        }
    }
}
