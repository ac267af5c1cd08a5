package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The server's configuration changing while it runs (Configuration Admin, PID bitnet.server): API keys, the model,
 * the port, a model that cannot load; and the shell's bitnet:serve and bitnet:serve-stop, which write it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerConfigIT {
    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configurations;
    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    private Object hostServiceId() {
        return context.getServiceReference("bitnet.server.ModelHost").getProperty("service.id");
    }

    private static void awaitStatus(ServerHttp http, String path, int status, String... headers) {
        Platform.await(() -> {
            try {
                return http.get(path, headers).status() == status;
            } catch (IOException e) {
                return false;
            }
        }, path + " to answer " + status);
    }

    // Whether nothing listens at the base URL any more.
    private static boolean refused(String base) {
        try (java.net.Socket s = new java.net.Socket()) {
            java.net.URI uri = java.net.URI.create(base);
            s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    public void apiKeysTheModelAndThePortChangeWithoutARestart() throws Exception {
        ServerHttp http = new ServerHttp(configurations);
        http.configure("gguf-i2s.gguf");
        http.awaitReady("gguf-i2s.gguf");
        Object hostId = hostServiceId();

        // Keys: every endpoint but /health needs one from now on.
        http.configure("gguf-i2s.gguf", "apiKeys", new String[] {"key-one", "key-two"});
        awaitStatus(http, "/v1/models", 401);
        ServerHttp.Answer missing = http.get("/v1/models");
        assertEquals("authentication_error", missing.error().get("type").asText());
        assertEquals("invalid_api_key", missing.error().get("code").asText());
        assertEquals("Bearer", missing.headers().get("www-authenticate").get(0));
        ServerHttp.Answer wrong = http.get("/v1/models", "Authorization", "Bearer key-three");
        assertEquals(401, wrong.status());
        assertTrue(wrong.error().get("message").asText().contains("Incorrect API key"));
        assertEquals(200, http.get("/v1/models", "Authorization", "Bearer key-two").status());
        assertEquals(401, http.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}").status());
        assertEquals(200, http.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}",
                "Authorization", "Bearer key-one").status());
        assertEquals(401, http.get("/metrics").status());
        assertEquals(200, http.get("/health").status());
        // No keys: open again.
        http.configure("gguf-i2s.gguf");
        awaitStatus(http, "/v1/models", 200);

        // Another model: /v1/models names it once it is loaded.
        http.configure("hf-autobitlinear");
        http.awaitReady("hf-autobitlinear");
        assertEquals("hf-autobitlinear", http.get("/v1/models").json().get("data").get(0).get("id").asText());
        assertEquals(200, http.post("/v1/chat/completions",
                "{\"model\": \"hf-autobitlinear\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], "
                        + "\"max_tokens\": 2}").status());
        // The configured id wins over the folder's name.
        http.configure("hf-autobitlinear", "modelName", "tiny-a");
        http.awaitReady("tiny-a");
        assertEquals("tiny-a", http.get("/v1/models").json().get("data").get(0).get("id").asText());

        // A model that cannot load: health says why, with 503, and so do the generation endpoints.
        http.configure("no-such-model");
        Platform.await(() -> {
            try {
                ServerHttp.Answer h = http.get("/health");
                return h.status() == 503 && h.json().get("status").asText().equals("error");
            } catch (IOException e) {
                return false;
            }
        }, "health to report the failed load");
        assertTrue(http.get("/health").json().get("message").asText().contains("no-such-model"));
        assertEquals(0, http.get("/v1/models").json().get("data").size());
        ServerHttp.Answer unavailable = http.post("/v1/completions", "{\"prompt\": \"x\"}");
        assertEquals(503, unavailable.status());
        assertEquals("model_not_ready", unavailable.error().get("code").asText());
        assertEquals("the server component was not restarted", hostId, hostServiceId());

        // Another port: Felix HTTP moves its listener.
        ServerHttp moved = new ServerHttp(configurations);
        moved.configure("gguf-i2s.gguf");
        moved.awaitReady("gguf-i2s.gguf");
        Platform.await(() -> refused(http.base), "the old port to close");

        // Disabled: nothing listens.
        moved.disable();
        Platform.await(() -> refused(moved.base), "the listener to close");
        assertEquals("the server component was not restarted", hostId, hostServiceId());
    }

    @Test
    public void serveAndServeStopRunInTheShell() throws Exception {
        int port = ServerHttp.freePort();
        ServerHttp http = new ServerHttp(configurations, port);
        try (GogoSession shell = new GogoSession(context, processor)) {
            Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=serve))", 10_000);
            String out = shell.run("bitnet:serve " + ServerHttp.TINY.resolve("gguf-i2s.gguf") + " port=" + port
                    + " name=tiny max_active=2").ok();
            assertTrue(out, out.strip().endsWith("serving tiny at http://127.0.0.1:" + port + "/v1"));
            assertEquals(200, http.get("/health").status());
            assertEquals("tiny", http.get("/v1/models").json().get("data").get(0).get("id").asText());
            assertEquals(200, http.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}").status());

            assertTrue(shell.run("bitnet:serve nosuch-model").errorMessage().contains("no such file"));
            assertTrue(shell.run("bitnet:serve " + ServerHttp.TINY.resolve("gguf-i2s.gguf") + " prot=1")
                    .errorMessage().contains("unknown option 'prot=1'"));

            String stopped = shell.run("bitnet:serve-stop").ok();
            assertTrue(stopped, stopped.contains("stopped serving"));
            Platform.await(() -> refused(http.base), "the listener to close");
            assertEquals("nothing is being served", shell.run("bitnet:serve-stop").ok().strip());
        }
    }
}
