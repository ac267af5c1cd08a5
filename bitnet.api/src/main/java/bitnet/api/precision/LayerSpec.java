package bitnet.api.precision;

import java.util.List;
import java.util.Objects;

/**
 * A layer and the shapes (and optionally values) of its components, as registered with a
 * {@link PrecisionManager}.
 *
 * @param layer the layer
 * @param components its components; copied; at most one per {@link ComponentType}
 */
public record LayerSpec(LayerDescriptor layer, List<ComponentSpec> components) {
    /**
     * @throws NullPointerException if an argument is null
     * @throws PrecisionException if a component type appears twice
     */
    public LayerSpec {
        Objects.requireNonNull(layer, "layer");
        components = List.copyOf(components);
        long distinct = components.stream().map(ComponentSpec::component).distinct().count();
        if (distinct != components.size()) {
            throw new PrecisionException("layer " + layer.name() + " lists a component type more than once: "
                    + components.stream().map(ComponentSpec::component).toList());
        }
    }
}
