package bitnet.api.precision;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides the precision of each component of each layer. Registered as a service with {@link #NAME_PROPERTY};
 * the platform ships {@code conservative}, {@code balanced} and {@code aggressive}, Configuration Admin adds one
 * per factory configuration of PID {@code bitnet.precision.policy}, and any bundle may register its own.
 * Implementations are immutable and thread-safe.
 */
@ProviderType
public interface PrecisionPolicy {

    /** Service property carrying the policy's name. */
    String NAME_PROPERTY = "bitnet.precision.policy";

    /** @return the policy's name ({@code "balanced"}), unique among registered policies */
    String name();

    /**
     * Resolves without context: as {@link #decide} with {@link ResolutionContext#unknown()}.
     *
     * @param layer the layer
     * @param component the component of that layer
     * @return the precision to use
     */
    Precision resolve(LayerDescriptor layer, ComponentType component);

    /**
     * Decides with what is known about memory, size and error. The default ignores the context and calls
     * {@link #resolve}.
     *
     * @param layer the layer
     * @param component the component of that layer
     * @param context memory use, size and measured error
     * @return the precision and what decided it
     */
    default Decision decide(LayerDescriptor layer, ComponentType component, ResolutionContext context) {
        return new Decision(resolve(layer, component), "policy " + name());
    }

    /** @return one line on what the policy is for; empty by default */
    default String description() {
        return "";
    }

    /**
     * @return the policy's overrides, rules and defaults in the rule format of {@code docs/precision.md}, in
     *         evaluation order; empty for a policy that is code only
     */
    default List<String> rules() {
        return List.of();
    }
}
