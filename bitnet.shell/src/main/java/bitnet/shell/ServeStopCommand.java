package bitnet.shell;

import java.util.Dictionary;
import java.util.Hashtable;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code bitnet:serve-stop}: stops serving (the server's configuration gets {@code enabled=false}): the listener
 * closes, running requests are cancelled and the model is unloaded. Gogo runs a hyphenated command through
 * {@code _main}, with the command's name first.
 */
@Component(service = ServeStopCommand.class,
        property = {"osgi.command.scope=bitnet", "osgi.command.function=serve-stop"})
public final class ServeStopCommand {
    private final ServerControl server;

    /**
     * @param configurations Configuration Admin, which holds the server's configuration
     * @param context this bundle's context, to see the server's state
     */
    @Activate
    public ServeStopCommand(@Reference ConfigurationAdmin configurations, BundleContext context) {
        this.server = new ServerControl(context, configurations);
    }

    /**
     * @param command the command's name, as Gogo passes it
     * @return what was stopped
     */
    @Descriptor("stops serving the model bitnet:serve serves: the listener closes and the model is unloaded")
    public String _main(String command) {
        Dictionary<String, Object> now = server.current();
        if (now == null || !Boolean.TRUE.equals(now.get("enabled"))) {
            return "nothing is being served";
        }
        Hashtable<String, Object> config = new Hashtable<>();
        for (var keys = now.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.startsWith("service.")) {
                config.put(key, now.get(key));
            }
        }
        config.put("enabled", Boolean.FALSE);
        server.apply(config);
        return "stopped serving " + now.get("model");
    }
}
