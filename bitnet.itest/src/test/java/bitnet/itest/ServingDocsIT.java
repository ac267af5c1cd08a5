package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The configurations of docs/serving.md are what they claim: every {@code nginx} block passes {@code nginx -t}, every
 * {@code haproxy} block {@code haproxy -c} (skipped where a tool is not installed), and broken copies of them fail the
 * same checks; the Kubernetes YAML parses, and its probes, ports, Service and model volume fit the server's defaults
 * (port 8080, health at /health, host 0.0.0.0 to be reachable from outside the pod).
 */
public class ServingDocsIT {
    private static final Path DOC = Path.of(System.getProperty("bitnet.root"), "docs", "serving.md");
    /** bitnet.server's defaults (its README's configuration table). */
    private static final int SERVER_PORT = 8080;
    private static final String HEALTH = "/health";

    @Test
    public void theNginxConfigurationPassesNginxTest() throws Exception {
        List<String> configs = blocks("nginx");
        assertFalse("docs/serving.md has an nginx block", configs.isEmpty());
        assumeTrue("nginx is not installed", Processes.installed("nginx"));
        for (String config : configs) {
            assertTrue(config, config.contains("proxy_buffering off;"));
            Processes.Run ok = nginxTest(config);
            assertEquals(ok.describe(), 0, ok.exit());
            // The check can fail: the same file without its last closing brace does not pass.
            Processes.Run broken = nginxTest(config.substring(0, config.lastIndexOf('}')));
            assertNotEquals(broken.describe(), 0, broken.exit());
        }
    }

    @Test
    public void theHaproxyConfigurationPassesHaproxyCheck() throws Exception {
        List<String> configs = blocks("haproxy");
        assertFalse("docs/serving.md has an haproxy block", configs.isEmpty());
        assumeTrue("haproxy is not installed", Processes.installed("haproxy"));
        for (String config : configs) {
            assertTrue(config, config.contains("option httpchk GET " + HEALTH + "\n"));
            Processes.Run ok = haproxyCheck(config);
            assertEquals(ok.describe(), 0, ok.exit());
            assertFalse(ok.describe(), (ok.out() + ok.err()).contains("WARNING"));
            Processes.Run broken = haproxyCheck(config + "    no-such-keyword 1\n");
            assertNotEquals(broken.describe(), 0, broken.exit());
        }
    }

    @Test
    public void theKubernetesObjectsProbeAndServeTheServersPort() throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String yaml : blocks("yaml")) {
            try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
                objects.addAll(docs.readAll());
            }
        }
        Set<String> secrets = new HashSet<>();
        List<JsonNode> deployments = new ArrayList<>();
        List<JsonNode> services = new ArrayList<>();
        for (JsonNode o : objects) {
            assertTrue(o.toString(), o.path("apiVersion").isTextual() && o.path("metadata").path("name").isTextual());
            switch (o.path("kind").asText()) {
                case "Secret" -> secrets.add(o.path("metadata").path("name").asText());
                case "Deployment" -> deployments.add(o);
                case "Service" -> services.add(o);
                default -> throw new AssertionError("an object this test does not check: " + o.path("kind"));
            }
        }
        assertFalse("a Deployment", deployments.isEmpty());
        assertFalse("a Service", services.isEmpty());
        for (JsonNode d : deployments) {
            checkDeployment(d, secrets);
        }
        for (JsonNode s : services) {
            Map<String, JsonNode> selector = fields(s.path("spec").path("selector"));
            JsonNode pod = deployments.stream().filter(d -> fields(d.path("spec").path("template").path("metadata")
                    .path("labels")).entrySet().containsAll(selector.entrySet())).findFirst()
                    .orElseThrow(() -> new AssertionError("the Service selects no Deployment's pods: " + selector));
            JsonNode container = pod.path("spec").path("template").path("spec").path("containers").path(0);
            for (JsonNode p : s.path("spec").path("ports")) {
                assertEquals(s.toString(), SERVER_PORT, containerPort(container, p.path("targetPort")));
            }
        }
    }

    private static void checkDeployment(JsonNode d, Set<String> secrets) {
        JsonNode template = d.path("spec").path("template");
        Map<String, JsonNode> labels = fields(template.path("metadata").path("labels"));
        assertTrue(d.toString(), labels.entrySet().containsAll(fields(d.path("spec").path("selector")
                .path("matchLabels")).entrySet()));
        JsonNode container = template.path("spec").path("containers").path(0);
        List<String> command = strings(container.path("command"));
        List<String> args = strings(container.path("args"));
        assertTrue(command.toString(), command.contains("jdk.incubator.vector") && command.contains("-jar"));
        assertEquals(args.toString(), "bitnet:serve", args.get(0));
        assertTrue("listens beyond the pod's loopback: " + args, args.contains("host=0.0.0.0"));
        int port = args.stream().filter(a -> a.startsWith("port=")).map(a -> Integer.parseInt(a.substring(5)))
                .findFirst().orElse(SERVER_PORT);
        assertEquals(SERVER_PORT, port);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            if (probe.equals("startupProbe") && container.path(probe).isMissingNode()) {
                continue;
            }
            assertEquals(probe, HEALTH, get.path("path").asText());
            assertEquals(probe, port, containerPort(container, get.path("port")));
        }
        // The model lies on a volume mounted read-only, which the pod declares.
        String model = args.get(1);
        JsonNode mount = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (model.startsWith(m.path("mountPath").asText() + "/")) {
                mount = m;
            }
        }
        assertTrue("the model " + model + " is on a mounted volume", mount != null);
        assertTrue(mount.toString(), mount.path("readOnly").asBoolean());
        String volume = mount.path("name").asText();
        assertTrue("the pod declares the volume " + volume, template.path("spec").path("volumes")
                .findValuesAsText("name").contains(volume));
        for (JsonNode ref : container.findValues("secretKeyRef")) {
            assertTrue("the Secret " + ref.path("name") + " is defined beside it", secrets.contains(ref.path("name")
                    .asText()));
        }
    }

    // A port given by number, or by the name of one of the container's ports.
    private static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("the container has no port named " + port);
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        object.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static List<String> strings(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    private static Processes.Run nginxTest(String config) throws Exception {
        Path dir = Files.createTempDirectory("bitnet-nginx");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        // Prefix, error log and pid file in the folder: nothing outside it is written by the check.
        return Processes.run(List.of(Processes.find("nginx").orElseThrow().toString(), "-t", "-q", "-p",
                dir.toString(), "-e", dir.resolve("error.log").toString(), "-g", "pid " + dir.resolve("nginx.pid")
                + ";", "-c", file.toString()), dir, Map.of(), 60);
    }

    private static Processes.Run haproxyCheck(String config) throws Exception {
        Path dir = Files.createTempDirectory("bitnet-haproxy");
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        return Processes.run(List.of(Processes.find("haproxy").orElseThrow().toString(), "-c", "-f", file.toString()),
                dir, Map.of(), 60);
    }

    /** @return the text of every fenced block of docs/serving.md marked with the language */
    private static List<String> blocks(String lang) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(DOC)) {
            if (current == null && line.strip().equals("```" + lang)) {
                current = new StringBuilder();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }
}
