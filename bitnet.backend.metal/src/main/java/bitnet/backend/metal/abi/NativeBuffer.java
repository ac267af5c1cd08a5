package bitnet.backend.metal.abi;

/**
 * A {@code bm_buffer} and the CPU address of its contents (shared storage).
 *
 * @param handle the opaque {@code bm_buffer*}
 * @param contents the address of its first byte
 */
public record NativeBuffer(long handle, long contents) {
}
