package bitnet.api.precision;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registers layers, resolves their precisions under a policy, measures what a plan costs in memory and accuracy,
 * picks among candidate plans, and lowers designated components under memory pressure. A service; thread-safe.
 */
@ProviderType
public interface PrecisionManager {

    /** @return the registered policies, sorted by name */
    List<PrecisionPolicy> policies();

    /**
     * @param name a policy's name
     * @return the policy
     * @throws PrecisionException if no policy of that name is registered (the message lists those that are)
     */
    PrecisionPolicy policy(String name);

    /** @return the name of the policy {@link #plan()} uses, from the manager's configuration */
    String activePolicy();

    /**
     * Registers a layer, replacing one of the same name.
     *
     * @param layer the layer, its component shapes and optional data
     */
    void register(LayerSpec layer);

    /**
     * @param layerName a layer's name
     * @return true if a layer of that name was registered and is now removed
     */
    boolean unregister(String layerName);

    /** @return the registered layers, in registration order */
    List<LayerSpec> layers();

    /** @return names of the model descriptions the manager ships ({@code "bitnet-b1.58-2b4t"}) */
    Set<String> models();

    /**
     * A shipped model description, sized for one decoding step with a context of {@code context} tokens: the KV
     * cache holds the context, attention scores are one query over it, activations are one token's.
     *
     * @param name a model description's name
     * @param context the context length in tokens, at least 1
     * @return its layers, components sized by shape only
     * @throws PrecisionException if the model is unknown or {@code context < 1}
     */
    List<LayerSpec> model(String name, int context);

    /**
     * Resolves every component of {@code layers} under a policy, with the pool's current use and any adjustment
     * for memory pressure in force, and counts bytes exactly.
     *
     * @param policy a policy's name
     * @param layers the layers
     * @return the plan
     * @throws PrecisionException if the policy is unknown
     */
    PrecisionPlan plan(String policy, List<LayerSpec> layers);

    /**
     * @return the plan of the registered layers under the active policy
     * @throws PrecisionException if the active policy is not registered
     */
    default PrecisionPlan plan() {
        return plan(activePolicy(), layers());
    }

    /**
     * Measures a plan's accuracy by converting each component's data, or a seeded sample of its shape when it
     * has none, to its precision and back.
     *
     * @param plan a plan
     * @return the measured errors
     */
    AccuracyReport analyse(PrecisionPlan plan);

    /**
     * Plans {@code layers} under each candidate policy, measures each plan, and picks the best for the weights.
     *
     * @param policies candidate policies' names, at least one
     * @param layers the layers
     * @param objectives the weights
     * @return every candidate's measurements and the best plan
     * @throws PrecisionException if a policy is unknown or the list is empty
     */
    Optimization optimise(List<String> policies, List<LayerSpec> layers, Objectives objectives);

    /** @return how many steps memory pressure currently lowers the designated components (0 for none) */
    int adjustmentLevel();

    /** @return the changes memory pressure made, oldest first (a bounded history) */
    List<PrecisionChange> changes();
}
