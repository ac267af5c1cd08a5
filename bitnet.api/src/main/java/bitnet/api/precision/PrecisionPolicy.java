package bitnet.api.precision;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides the precision of each component of each layer. Registered as a service with
 * {@link #NAME_PROPERTY}. Implementations are immutable and thread-safe.
 */
@ProviderType
public interface PrecisionPolicy {

    /** Service property carrying the policy's name. */
    String NAME_PROPERTY = "bitnet.precision.policy";

    /** @return the policy's name ({@code "balanced"}) */
    String name();

    /**
     * @param layer the layer
     * @param component the component of that layer
     * @return the precision to use
     */
    Precision resolve(LayerDescriptor layer, ComponentType component);
}
