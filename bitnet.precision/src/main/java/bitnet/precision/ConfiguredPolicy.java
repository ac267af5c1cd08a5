package bitnet.precision;

import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.precision.PrecisionPolicy;
import bitnet.api.precision.PrecisionRuleException;

/**
 * A policy per factory configuration of PID {@value #FACTORY_PID}. The component parses the rules when the
 * configuration arrives and only then registers the {@link PrecisionPolicy} service. SCR registers a component's
 * declared service before activating it and keeps it registered when activation fails, so declaring the service
 * here would leave a broken registration behind a bad configuration; registering it by hand after parsing means a
 * configuration with a bad rule registers nothing, and SCR logs the {@link PrecisionRuleException} that quotes it.
 */
@Component(service = {}, configurationPid = ConfiguredPolicy.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = ConfiguredPolicy.Config.class, factory = true)
public final class ConfiguredPolicy {
    /** The factory PID. */
    public static final String FACTORY_PID = "bitnet.precision.policy";

    @ObjectClassDefinition(id = FACTORY_PID, name = "bitnet precision policy",
            description = "A mixed-precision policy defined by rules (format in docs/precision.md)")
    public @interface Config {
        @AttributeDefinition(description = "The policy's name, unique among policies; also its service property")
        String bitnet_precision_policy();

        @AttributeDefinition(description = "One line on what the policy is for")
        String description() default "";

        @AttributeDefinition(description = "Rule lines: override ... -> P, rule NAME [priority=N] ... -> P, "
                + "default ... -> P")
        String[] rules();
    }

    private final ServiceRegistration<PrecisionPolicy> registration;

    /**
     * @param config the configuration
     * @param context this bundle's context, to register the policy
     * @throws PrecisionRuleException if a rule is bad or the name is missing; nothing is registered then
     */
    @Activate
    public ConfiguredPolicy(Config config, BundleContext context) {
        RulePolicy policy = policyOf(config);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PrecisionPolicy.NAME_PROPERTY, policy.name());
        this.registration = context.registerService(PrecisionPolicy.class, policy, props);
    }

    /**
     * @param config a configuration
     * @return the policy its rules define
     * @throws PrecisionRuleException if a rule is bad or the name is missing
     */
    static RulePolicy policyOf(Config config) {
        return new RulePolicy(config.bitnet_precision_policy(), config.description(),
                config.rules() == null ? List.of() : List.of(config.rules()));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
