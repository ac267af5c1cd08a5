package bitnet.api.backend;

import java.util.Objects;

import bitnet.api.tensor.Device;

/**
 * What a backend says about itself.
 *
 * @param name short name, also the {@link ComputeBackend#NAME_PROPERTY} service property ({@code "simd"})
 * @param device the device it computes on
 * @param detail implementation detail worth showing a user: vector species, GPU model, thread count
 */
public record BackendInfo(String name, Device device, String detail) {
    /** @throws NullPointerException if any component is null */
    public BackendInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(detail, "detail");
    }
}
