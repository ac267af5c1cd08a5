package bitnet.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the serve commands share: the HTTP server's configuration (PID {@value #PID}, read by the bitnet.server bundle,
 * which this bundle knows only by its service's name and properties) and bounded waits for it to take effect.
 */
final class ServerControl {
    static final String PID = "bitnet.server";
    /** A configuration property that changes with each command, so that a command sees when its change applied. */
    static final String REVISION = "bitnet.server.revision";
    private static final String HOST_SERVICE = "bitnet.server.ModelHost";
    private static final String HTTP_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long APPLY_SECONDS = 30;

    private final BundleContext context;
    private final ConfigurationAdmin configurations;

    /**
     * @param url the server's base URL
     * @param model the id clients name the model by
     */
    record Ready(String url, String model) {
    }

    ServerControl(BundleContext context, ConfigurationAdmin configurations) {
        this.context = context;
        this.configurations = configurations;
    }

    /** @return the server's configuration now, or null when there is none */
    Dictionary<String, Object> current() {
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + PID + ")");
            return found == null ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the configuration " + PID + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the configuration and waits (bounded) until the server applied it.
     *
     * @param properties the whole configuration; a revision is added
     * @throws IllegalStateException if the server bundle is not running or did not apply it in time
     */
    void apply(Hashtable<String, Object> properties) {
        String revision = Long.toString(System.nanoTime());
        properties.put(REVISION, revision);
        try {
            configurations.getConfiguration(PID, null).update(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration " + PID, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(APPLY_SECONDS);
        while (!revision.equals(hostProperty(REVISION))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the server did not take its configuration within " + APPLY_SECONDS
                        + " s: is the bundle bitnet.server running? (lb, bitnet:info)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * @param name a property of the server's service (its configuration)
     * @return its value, or null when the server is not running
     */
    Object hostProperty(String name) {
        ServiceReference<?> ref = context.getServiceReference(HOST_SERVICE);
        return ref == null ? null : ref.getProperty(name);
    }

    /**
     * @return the base URL Felix HTTP listens on (from its runtime service's endpoint), or null while it does not
     */
    String endpoint() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(objectClass=" + HTTP_RUNTIME + ")(osgi.http.endpoint=*))");
            if (refs == null) {
                return null;
            }
            Object e = refs[0].getProperty("osgi.http.endpoint");
            String url = e instanceof String[] a ? a[0] : e instanceof java.util.Collection<?> c
                    ? String.valueOf(c.iterator().next()) : String.valueOf(e);
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        } catch (InvalidSyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Polls {@code /health} until it answers 200 (the model is served), reporting each new state on the console.
     *
     * @param base the server's base URL, or null to take it from Felix HTTP's endpoint once it listens
     * @param seconds how long to wait at most
     * @param console where progress goes
     * @return the base URL and the model's id
     * @throws IllegalArgumentException if the server reports that the model cannot be served (with its reason)
     * @throws IllegalStateException if it is not ready in time
     */
    Ready awaitHealthy(String base, long seconds, PrintStream console) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (true) {
            String url = base != null ? base : endpoint();
            String state;
            if (url == null) {
                state = "waiting for the HTTP listener";
            } else {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode health = r.body().startsWith("{") ? json.readTree(r.body()) : null;
                    if (health == null) {
                        // Jetty answers before the server's endpoints are registered with it.
                        state = "waiting for the endpoints at " + url;
                    } else if (r.statusCode() == 200) {
                        return new Ready(url, health.path("model").asText());
                    } else {
                        String status = health.path("status").asText();
                        String message = health.path("message").asText();
                        if (status.equals("error")) {
                            throw new IllegalArgumentException("the server cannot serve the model: " + message);
                        }
                        state = message.isEmpty() ? status : message;
                    }
                } catch (ConnectException e) {
                    state = "waiting for " + url + " to listen";
                } catch (IOException e) {
                    state = "waiting for " + url + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the server");
                }
            }
            if (!state.equals(last)) {
                console.println("bitnet: " + state);
                last = state;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the server was not ready within " + seconds + " s (" + state
                        + "); wait=SECONDS waits longer");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
