package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server as users run it: {@code ./bitnet serve} started as an OS process exactly as README.md's "Serve over HTTP"
 * section writes it (the tiny GGUF checkpoint, with its tokenizer, placed at the README's model path; any free port
 * for 8080), then real clients against it: the official {@code openai} npm package (its checks in
 * {@code src/test/js/openai-client}), README's {@code curl} lines and {@code js} block as written, and the load test
 * ({@code ./bitnet bench serving}, 8 clients for 10 s). Last, SIGTERM stops it: the process ends and the port closes.
 * Tools a machine lacks (node and npm, curl) make their tests skipped, not passed; every other failure fails.
 */
public class ServeProcessIT {
    private static final Path ROOT = Path.of(System.getProperty("bitnet.root")).toAbsolutePath().normalize();
    private static final Path TINY = ROOT.resolve("bitnet.model/src/test/resources/tiny");
    private static final Path CLIENT_SOURCE = ROOT.resolve("bitnet.itest/src/test/js/openai-client");
    private static final Path CLIENT = ROOT.resolve("bitnet.itest/target/openai-client");
    private static final Pattern SERVING = Pattern.compile("serving (\\S+) at (http://127\\.0\\.0\\.1:(\\d+))/v1");
    private static final long START_SECONDS = 120;
    private static final long STOP_SECONDS = 60;
    private static final Map<String, String> ENV = Map.of("JAVA_HOME", System.getProperty("java.home"),
            "BITNET_SKIP_BUILD", "1");

    private static Path work;
    private static ServingReadme readme;
    private static Process server;
    private static String model;
    private static String base;
    private static int port;
    private static boolean clientInstalled;

    @BeforeClass
    public static void serveAsTheReadmeSays() throws Exception {
        work = Files.createTempDirectory("bitnet-serve-it");
        readme = ServingReadme.read(ROOT.resolve("README.md"));
        List<String> args = new ArrayList<>(readme.serveArguments());
        Path modelFile = work.resolve(args.get(0));
        Files.createDirectories(modelFile.getParent());
        Files.createSymbolicLink(modelFile, TINY.resolve("gguf-i2s.gguf"));
        for (String sidecar : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.createSymbolicLink(modelFile.resolveSibling(sidecar), TINY.resolve(sidecar));
        }
        int at = args.indexOf("port=8080");
        assertTrue("README's serve line names port=8080: " + args, at > 0);
        args.set(at, "port=0");
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bitnet").toString(), "serve"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("serve.out").toFile()).redirectError(work.resolve("serve.err").toFile());
        pb.environment().putAll(ENV);
        server = pb.start();
        Matcher m = awaitServing();
        model = m.group(1);
        base = m.group(2);
        port = Integer.parseInt(m.group(3));
        awaitHealthy();
    }

    @AfterClass
    public static void sigtermStopsTheServerAndClosesThePort() throws Exception {
        if (server == null) {
            return;
        }
        server.destroy(); // SIGTERM
        if (!server.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            fail("the server did not stop within " + STOP_SECONDS + " s of SIGTERM:\n" + log());
        }
        // 128 + 15: the JVM ended on SIGTERM after its shutdown hooks (the one that stops the framework) ran
        assertEquals(log(), 143, server.exitValue());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            fail("port " + port + " still accepts connections after the server stopped");
        } catch (ConnectException expected) {
            // closed
        }
    }

    @Test
    public void theOfficialOpenaiClientPassesItsChecks() throws Exception {
        installClient();
        Processes.Run r = Processes.run(List.of("node", "client-test.mjs"), CLIENT,
                Map.of("OPENAI_BASE_URL", base + "/v1"), 120);
        assertEquals(r.describe(), 0, r.exit());
        String[] lines = r.out().strip().split("\n");
        JsonNode summary = ServerHttp.JSON.readTree(lines[lines.length - 1]);
        assertEquals(r.describe(), 8, summary.path("passed").asInt());
        assertEquals(model, summary.path("model").asText());
    }

    @Test
    public void theReadmeCurlExamplesAnswerAsTheApiDescribes() throws Exception {
        assumeTrue("curl is not installed", Processes.installed("curl"));
        assertTrue(readme.curlLines().toString(), readme.curlLines().size() >= 2);
        for (String line : readme.curlLines()) {
            assertTrue(line, line.contains(ServingReadme.ADDRESS));
            String command = line.replace(ServingReadme.ADDRESS, "127.0.0.1:" + port);
            Processes.Run r = Processes.run(List.of("bash", "-c", command), work, Map.of(), 60);
            assertEquals(r.describe(), 0, r.exit());
            checkShape(line, r.out());
        }
    }

    @Test
    public void theReadmeJavascriptExampleStreamsTheCurlChatAnswer() throws Exception {
        installClient();
        String js = readme.javascript();
        assertTrue(js, js.contains("http://" + ServingReadme.ADDRESS + "/v1"));
        Path example = CLIENT.resolve("readme-example.mjs");
        Files.writeString(example, js.replace(ServingReadme.ADDRESS, "127.0.0.1:" + port));
        Processes.Run r = Processes.run(List.of("node", example.toString()), CLIENT, Map.of(), 60);
        assertEquals(r.describe(), 0, r.exit());
        // README says the example streams "the chat request above": the same seeded request, answered whole here,
        // gives the text the official client printed piece by piece.
        JsonNode whole = post("/v1/chat/completions", readme.curlBody("/v1/chat/completions"));
        String expected = whole.path("choices").path(0).path("message").path("content").asText();
        assertFalse(whole.toString(), expected.isEmpty());
        assertEquals("README's js example prints the curl chat line's answer\n" + r.describe(), expected, r.out());
    }

    @Test
    public void eightClientsForTenSecondsGetTheirAnswersAndThePoolComesBack() throws Exception {
        Path jar = ROOT.resolve("bitnet.benchmarks/target/benchmarks.jar");
        assertTrue(jar + " is built with the reactor (bitnet.itest depends on bitnet.benchmarks)", Files.exists(jar));
        Path report = work.resolve("load.json");
        Processes.Run r = Processes.run(List.of(ROOT.resolve("bitnet").toString(), "bench", "serving", base,
                "clients=8", "seconds=10", "max_tokens=16", "out=" + report), work, ENV, 180);
        assertEquals(r.describe(), 0, r.exit());
        JsonNode json = ServerHttp.JSON.readTree(report.toFile());
        assertTrue(r.out(), json.path("passed").asBoolean());
        JsonNode load = json.path("load");
        assertEquals(r.out(), 0, load.path("errors").asInt());
        assertEquals(r.out(), 0, load.path("wrong").asInt());
        assertTrue(r.out(), load.path("requests").asInt() >= 8);
        assertEquals(r.out(), 16L * load.path("requests").asLong(), load.path("tokens").asLong());
        assertEquals(r.out(), 0, json.path("single").path("wrong").asInt());
        JsonNode after = json.path("server");
        assertEquals(r.out(), 0, after.path("activeAfter").asInt());
        assertEquals(r.out(), after.path("poolInUseBefore").asLong() - after.path("kvCacheBefore").asLong(),
                after.path("poolInUseAfter").asLong() - after.path("kvCacheAfter").asLong());
        assertTrue(r.out(), r.out().contains("PASSED"));
    }

    // The npm package is installed once into target/ from the committed lock file (npm's cache keeps later runs
    // offline); node_modules never goes into the source tree.
    private static synchronized void installClient() throws Exception {
        // The one skip: no Node.js on this machine. Anything after that (npm ci without network or cache, a check
        // that fails) fails the test.
        assumeTrue("node or npm is not on the PATH: the openai client checks need Node.js 18 or later",
                Processes.installed("node") && Processes.installed("npm"));
        if (clientInstalled) {
            return;
        }
        Files.createDirectories(CLIENT);
        for (String f : List.of("package.json", "package-lock.json", "client-test.mjs")) {
            Files.copy(CLIENT_SOURCE.resolve(f), CLIENT.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Processes.Run r = Processes.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), CLIENT,
                Map.of(), 300);
        assertEquals(r.describe(), 0, r.exit());
        clientInstalled = true;
    }

    // JSON with the object the endpoint answers, or Server-Sent Events of such objects ending with [DONE].
    private static void checkShape(String line, String body) throws IOException {
        Set<String> objects = Set.of("list", "chat.completion", "text_completion", "chat.completion.chunk");
        List<JsonNode> answers = body.startsWith("data: ") ? ServerHttp.events(body)
                : List.of(ServerHttp.JSON.readTree(body));
        assertFalse(line + "\n" + body, answers.isEmpty());
        for (JsonNode a : answers) {
            assertFalse(line + "\n" + body, a.has("error"));
            assertTrue(line + "\n" + body, objects.contains(a.path("object").asText()));
        }
        JsonNode last = answers.get(answers.size() - 1);
        if (!last.path("object").asText().equals("list")) {
            assertTrue(line + "\n" + body, last.path("choices").path(0).hasNonNull("finish_reason"));
        }
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        return ServerHttp.JSON.readTree(r.body());
    }

    private static Matcher awaitServing() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            Matcher m = SERVING.matcher(Files.readString(work.resolve("serve.out")));
            if (m.find()) {
                return m;
            }
            if (!server.isAlive()) {
                fail("./bitnet serve ended with " + server.exitValue() + " before serving:\n" + log());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("./bitnet serve printed no URL within " + START_SECONDS + " s:\n" + log());
    }

    private static void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 0;
        while (System.nanoTime() - deadline < 0) {
            try {
                status = http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                status = -1;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("/health answered " + status + ", not 200, for 30 s:\n" + log());
    }

    private static String log() throws IOException {
        return "--- stdout\n" + Files.readString(work.resolve("serve.out")) + "\n--- stderr\n"
                + Files.readString(work.resolve("serve.err"));
    }
}
