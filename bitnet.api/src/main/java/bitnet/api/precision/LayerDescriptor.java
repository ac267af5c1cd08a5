package bitnet.api.precision;

import java.util.Objects;

/**
 * A layer as a policy sees it.
 *
 * @param name unique layer name ({@code "layers.3.mlp.up_proj"})
 * @param type the layer's kind
 * @param index the transformer block the layer belongs to, 0-based; layers before the first block (the
 *        embedding) use -1, layers after the last (final norm, output head) use the block count
 */
public record LayerDescriptor(String name, LayerType type, int index) {
    /** @throws NullPointerException if name or type is null */
    public LayerDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
