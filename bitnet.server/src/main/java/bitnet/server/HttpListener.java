package bitnet.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Turns Felix HTTP's listener on and off and moves it: the server's host, port and idle timeout are written to Felix
 * HTTP's own configuration (PID {@value #FELIX_HTTP_PID}). Felix restarts Jetty when that configuration changes, so it
 * is written only when one of its values changes (a new model or new limits leave the listener alone). The launcher
 * starts with the listener off ({@code org.apache.felix.http.enable=false}), so nothing listens until a model is
 * served.
 */
@Component(configurationPid = ServerConfig.PID)
public final class HttpListener {
    static final String FELIX_HTTP_PID = "org.apache.felix.http";
    static final String ENABLE = "org.apache.felix.http.enable";
    static final String PORT = "org.osgi.service.http.port";
    static final String HOST = "org.apache.felix.http.host";
    static final String IDLE_TIMEOUT_MILLIS = "org.apache.felix.http.timeout";

    // SPI Fly (which lets Jetty's SLF4J find its provider) reports every provider it registers at INFO through
    // java.util.logging, on standard error at each start; its warnings are kept. The launcher starts this bundle
    // before SPI Fly. Held here: java.util.logging keeps loggers only weakly.
    private static final Logger SPI_FLY = Logger.getLogger("org.apache.aries.spifly.BaseActivator");

    static {
        SPI_FLY.setLevel(Level.WARNING);
    }

    private final ConfigurationAdmin configurations;
    private final BundleContext context;
    private volatile boolean listening;

    /**
     * @param configurations Configuration Admin
     * @param context this bundle's context
     * @param config the server's configuration
     */
    @Activate
    public HttpListener(@Reference ConfigurationAdmin configurations, BundleContext context, ServerConfig config) {
        this.configurations = configurations;
        this.context = context;
        apply(ServerSettings.of(config));
    }

    @Modified
    void modified(ServerConfig config) {
        apply(ServerSettings.of(config));
    }

    // When this bundle alone stops, the listener closes; when the framework stops, Felix HTTP stops with it.
    @Deactivate
    void deactivate() {
        if (listening && context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.ACTIVE) {
            write(Map.of(ENABLE, "false"));
        }
    }

    /**
     * @param s the server's settings
     * @return Felix HTTP's configuration for them
     */
    static Map<String, String> felixProperties(ServerSettings s) {
        if (!s.enabled()) {
            return Map.of(ENABLE, "false");
        }
        return Map.of(ENABLE, "true", PORT, Integer.toString(s.port()), HOST, s.host(), IDLE_TIMEOUT_MILLIS,
                Long.toString(s.idleTimeoutSeconds() * 1000L));
    }

    private void apply(ServerSettings s) {
        listening = s.enabled();
        write(felixProperties(s));
    }

    private synchronized void write(Map<String, String> wanted) {
        try {
            // Location null: bound to Felix HTTP's bundle when it registers for the PID.
            Configuration c = configurations.getConfiguration(FELIX_HTTP_PID, null);
            Dictionary<String, Object> current = c.getProperties();
            // Without a configuration the launcher's framework property keeps the listener off already.
            boolean offAlready = current == null && "false".equals(wanted.get(ENABLE));
            if (!offAlready && !sameValues(current, wanted)) {
                c.update(new Hashtable<>(wanted));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration " + FELIX_HTTP_PID, e);
        }
    }

    private static boolean sameValues(Dictionary<String, Object> current, Map<String, String> wanted) {
        if (current == null) {
            return false;
        }
        int ours = 0;
        for (var keys = current.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.startsWith("service.") || key.startsWith("felix.")) {
                continue;
            }
            ours++;
            if (!Objects.equals(String.valueOf(current.get(key)), wanted.get(key))) {
                return false;
            }
        }
        return ours == wanted.size();
    }
}
