package bitnet.precision;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.precision.PrecisionPolicy;
import bitnet.api.precision.PrecisionRuleException;

/**
 * A policy per factory configuration of PID {@value #FACTORY_PID}. A configuration with a bad rule does not
 * register: the constructor throws a {@link PrecisionRuleException} quoting the rule, which SCR logs.
 */
@Component(service = PrecisionPolicy.class, configurationPid = ConfiguredPolicy.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredPolicy.Config.class, factory = true)
public final class ConfiguredPolicy extends RulePolicy {
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

    /**
     * @param config the configuration
     * @throws PrecisionRuleException if a rule is bad or the name is missing
     */
    @Activate
    public ConfiguredPolicy(Config config) {
        super(config.bitnet_precision_policy(), config.description(),
                config.rules() == null ? List.of() : List.of(config.rules()));
    }
}
