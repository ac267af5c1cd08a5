package bitnet.shell;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code bitnet:serve MODEL [name=value ...]}: serves the model over HTTP with the OpenAI-compatible API of the
 * bitnet.server bundle. It writes the server's configuration (PID {@code bitnet.server}: the model, enabled, and the
 * options given; the rest at their defaults), waits (bounded) until {@code /health} answers 200 while reporting
 * progress, and returns the URL. Run again, it changes the served model or options without a restart.
 */
@Component(service = ServeCommand.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=serve"})
public final class ServeCommand {
    /** Options and the configuration attributes they set. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("port", "port"),
            Map.entry("host", "host"), Map.entry("context", "context"), Map.entry("max_active", "maxActive"),
            Map.entry("max_queued", "maxQueued"), Map.entry("prefix_cache", "prefixCacheEntries"),
            Map.entry("max_prefill", "maxPrefillTokens"), Map.entry("max_request_bytes", "maxRequestBytes"),
            Map.entry("request_timeout", "requestTimeoutSeconds"), Map.entry("idle_timeout", "idleTimeoutSeconds"),
            Map.entry("api_key", "apiKeys"), Map.entry("name", "modelName"), Map.entry("wait", ""));
    private static final long DEFAULT_WAIT_SECONDS = 300;

    private final ServerControl server;

    /**
     * @param configurations Configuration Admin, which holds the server's configuration
     * @param context this bundle's context, to see the server's state
     */
    @Activate
    public ServeCommand(@Reference ConfigurationAdmin configurations, BundleContext context) {
        this.server = new ServerControl(context, configurations);
    }

    /**
     * @param session the Gogo session, for progress
     * @param model the model
     * @param options {@code name=value} options
     * @return the URL the API is served at
     */
    @Descriptor("serves a model over HTTP with an OpenAI-compatible API (/v1/chat/completions, /v1/completions, "
            + "/v1/models, /tokenize, /detokenize, /health, /metrics); returns the URL once the model is ready")
    public String serve(CommandSession session,
            @Descriptor("a Hugging Face model folder or a .gguf file") String model,
            @Descriptor("port=8080 (0: any free port) host=127.0.0.1 context=N (positions per request) max_active=8 "
                    + "max_queued=32 prefix_cache=8 max_prefill=256 max_request_bytes=1048576 request_timeout=600 "
                    + "idle_timeout=60 api_key=KEY (repeatable) name=ID (the model id) wait=300 (seconds)")
            String... options) {
        Path path = UserPaths.existing(model);
        Hashtable<String, Object> config = new Hashtable<>();
        config.put("enabled", Boolean.TRUE);
        config.put("model", path.toString());
        List<String> keys = new ArrayList<>();
        long wait = DEFAULT_WAIT_SECONDS;
        String host = "127.0.0.1";
        int port = 8080;
        for (String o : options) {
            int eq = o.indexOf('=');
            String name = eq < 0 ? o : o.substring(0, eq);
            String value = eq < 0 ? "" : o.substring(eq + 1);
            String attribute = OPTIONS.get(name);
            if (attribute == null || eq < 0) {
                throw new IllegalArgumentException("unknown option '" + o + "'; options are name=value with name one "
                        + "of " + String.join(", ", OPTIONS.keySet().stream().sorted().toList()));
            }
            switch (name) {
                case "wait" -> wait = number(name, value, 1, Integer.MAX_VALUE);
                case "host", "name" -> config.put(attribute, value);
                case "api_key" -> keys.add(value);
                case "max_request_bytes" -> config.put(attribute, number(name, value, 1, Long.MAX_VALUE));
                case "port" -> config.put(attribute, (int) number(name, value, 0, 65535));
                default -> config.put(attribute, (int) number(name, value, 0, Integer.MAX_VALUE));
            }
        }
        if (!keys.isEmpty()) {
            config.put("apiKeys", keys.toArray(String[]::new));
        }
        host = (String) config.getOrDefault("host", host);
        port = (Integer) config.getOrDefault("port", port);
        checkFree(host, port);
        server.apply(config);
        ServerControl.Ready ready = server.awaitHealthy(port == 0 ? null : "http://" + reachable(host) + ":" + port,
                wait, session.getConsole());
        return "serving " + ready.model() + " at " + ready.url() + "/v1";
    }

    // A port in use is named now, not after the wait; the port this server already listens on is fine.
    private void checkFree(String host, int port) {
        Dictionary<String, Object> now = server.current();
        if (port == 0 || now != null && Boolean.TRUE.equals(now.get("enabled"))
                && Integer.valueOf(port).equals(now.get("port")) && host.equals(now.get("host"))) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another port with port=N");
        }
    }

    private static String reachable(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    private static long number(String name, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
