package bitnet.backend.metal.abi;

/**
 * What {@code bm_get_device_info} reports.
 *
 * @param name the GPU's name ("Apple M2 Pro")
 * @param recommendedWorkingSet bytes the device can use without hurting performance
 * @param maxBufferLength the largest single buffer, in bytes
 * @param maxThreadsPerThreadgroup the device's threadgroup width limit
 * @param unifiedMemory true when CPU and GPU share memory (every Apple silicon GPU)
 */
public record DeviceInfo(String name, long recommendedWorkingSet, long maxBufferLength, int maxThreadsPerThreadgroup,
        boolean unifiedMemory) {
}
