package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server under clients that misbehave, on raw sockets ({@link RawHttp}): readers that stop reading, clients that
 * go away mid-stream, mid-answer and mid-request, oversized and malformed bodies, slowloris heads, and a flood past
 * the queue beside a well-behaved client. The idle timeout is 1 s; {@link ServerGate} holds generations where a case
 * needs one running. After every case every session is freed and the pool has every byte back ({@link #after}).
 * docs/reliability.md ("Hostile clients") lists the cases and what they showed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerHostileIT {
    private static final String MODEL = "gguf-i2s.gguf";
    private static final String CHAT = "/v1/chat/completions";
    private static final String COMPLETIONS = "/v1/completions";
    private static final int IDLE_SECONDS = 1;
    private static final int REQUEST_TIMEOUT_SECONDS = 30;
    private static final int LIMIT = 64 * 1024;
    private static final String ACTIVE = "bitnet_active_sessions";
    private static final String QUEUED = "bitnet_queue_depth";
    private static final String KV = "bitnet_kv_cache_bytes";
    private static final String POOL = "bitnet_pool_bytes{kind=\"in_use\"}";
    private static final String CANCELLED = "bitnet_generations_total{finish_reason=\"cancelled\"}";
    private static final String REUSED = "bitnet_prompt_tokens_reused_total";
    private static final String STORY = "{\"messages\": [{\"role\": \"user\", \"content\": \"Tell me a story\"}], "
            + "\"max_tokens\": 100, \"ignore_eos\": true, \"stream\": true}";
    private static final String LONG = "{\"prompt\": [1, 2, 3], \"max_tokens\": 100, \"ignore_eos\": true}";
    private static final String SEEDED = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 16, \"seed\": 1234, "
            + "\"temperature\": 0.9, \"top_k\": 50, \"ignore_eos\": true}";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configurations;

    // One server for the class, on one port; each case starts from the same configuration.
    private static ServerHttp http;
    private static RawHttp raw;
    private double poolBefore;
    private double serverErrorsBefore;
    @Rule
    public TestName name = new TestName();

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    @Before
    public void serve() throws Exception {
        if (http == null) {
            http = new ServerHttp(configurations);
            raw = new RawHttp(http.port);
        }
        configure();
        http.awaitReady(MODEL);
        raw.awaitMetric(ACTIVE, 0);
        raw.awaitMetric(QUEUED, 0);
        raw.awaitMetric(KV, 0);
        poolBefore = raw.metric(POOL);
        serverErrorsBefore = serverErrors();
    }

    // Answers with status 500 on any path: what no client's misbehaviour may cause.
    private static double serverErrors() throws IOException {
        double sum = 0;
        for (String line : raw.get("/metrics").text().split("\n")) {
            if (line.startsWith("bitnet_http_requests_total{") && line.contains("status=\"500\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * Every case ends with nothing running or waiting, no KV cache, the pool's bytes as before it, and no answer of
     * the case was a server error.
     */
    @After
    public void after() throws IOException {
        raw.awaitMetric(ACTIVE, 0);
        raw.awaitMetric(QUEUED, 0);
        raw.awaitMetric(KV, 0);
        raw.awaitMetric(POOL, poolBefore);
        assertEquals("answers with status 500", serverErrorsBefore, serverErrors(), 0);
        report("after %s: 0 sessions, 0 KV bytes, pool in use %.0f bytes as before; failed generations %.0f",
                name.getMethodName(), raw.metric(POOL),
                raw.metric("bitnet_generations_total{finish_reason=\"error\"}"));
    }

    // Two places, two waiting, no prefix cache (freed means zero bytes), a 1 s idle timeout, a 64 KiB body limit.
    private static void configure(Object... more) throws IOException {
        Object[] base = {"maxActive", 2, "maxQueued", 2, "prefixCacheEntries", 0, "idleTimeoutSeconds", IDLE_SECONDS,
            "requestTimeoutSeconds", REQUEST_TIMEOUT_SECONDS, "maxRequestBytes", (long) LIMIT};
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        http.configure(MODEL, all);
    }

    private static String requests(String endpoint, int status) {
        return "bitnet_http_requests_total{endpoint=\"" + endpoint + "\",status=\"" + status + "\"}";
    }

    // (a) ------------------------------------------------------------------------------------------------------------

    @Test
    public void streamingClientsThatStopReadingAreDroppedAfterTheIdleTimeoutAndTheirSessionsFreed() throws Exception {
        // The tiny model's whole stream fits in the sockets' buffers, so a reader that stops would never block the
        // server. A model id longer than those buffers (every event carries it) makes the first event alone block.
        String name = "m".repeat(sendBufferCeiling() + (2 << 20));
        configure("modelName", name);
        http.awaitReady(name);
        String answered = requests(CHAT, 200);
        double before = raw.metric(answered);
        double cancelledBefore = raw.metric(CANCELLED);
        byte[] story = STORY.getBytes(StandardCharsets.UTF_8);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger trickled = new AtomicInteger();
        try (ServerGate gate = new ServerGate(context); Socket still = smallWindow(); Socket trickle = smallWindow()) {
            gate.hold();
            long start = System.nanoTime();
            write(still, RawHttp.postHead(CHAT, story.length), story);
            write(trickle, RawHttp.postHead(CHAT, story.length), story);
            // One reads nothing; the other one byte every 10 ms.
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    InputStream in = trickle.getInputStream();
                    while (!stop.get() && in.read() >= 0) {
                        trickled.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                } catch (IOException e) {
                    // dropped by the server
                }
            });
            Platform.await(gate::holdingAPass, "a generation to be held");
            raw.awaitMetric(answered, before + 2);
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue("both dropped within " + seconds + " s: the idle timeout, not the request timeout of "
                    + REQUEST_TIMEOUT_SECONDS + " s", seconds < REQUEST_TIMEOUT_SECONDS / 2.0);
            // Neither got its first event whole: the server gave up on the write and closed the connection.
            int stillGot = RawHttp.drain(still.getInputStream());
            int trickleGot = trickled.get() + RawHttp.drain(trickle.getInputStream());
            assertTrue("read " + stillGot + " of an event of " + name.length(), stillGot < name.length());
            assertTrue("read " + trickleGot + " of an event of " + name.length(), trickleGot < name.length());
            report("slow readers of a %d-byte event dropped %.1f s after their requests; got %d and %d bytes",
                    name.length(), seconds, stillGot, trickleGot);
            gate.release();
        }
        raw.awaitMetric(CANCELLED, cancelledBefore + 2);
    }

    // The most the kernel lets a socket's send buffer grow to: Linux's tcp_wmem maximum (4 MiB if unknown).
    private static int sendBufferCeiling() {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).strip().split("\\s+");
            return Math.min(Integer.parseInt(f[2]), 64 << 20);
        } catch (IOException | RuntimeException e) {
            return 4 << 20;
        }
    }

    // A connection whose receive window stays a few KB: what a client that stops reading leaves the server.
    private Socket smallWindow() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", http.port));
        s.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
        return s;
    }

    // (b) ------------------------------------------------------------------------------------------------------------

    @Test
    public void clientsThatGoAwayMidStreamOrMidAnswerHaveTheirGenerationsCancelledAndFreed() throws Exception {
        double cancelled = raw.metric(CANCELLED);
        try (ServerGate gate = new ServerGate(context)) {
            // Streamed: gone after the first event; the server notices at a keep-alive while the pass is held.
            String chat = requests(CHAT, 200);
            double chatBefore = raw.metric(chat);
            gate.hold();
            byte[] story = STORY.getBytes(StandardCharsets.UTF_8);
            try (Socket s = raw.open()) {
                write(s, RawHttp.postHead(CHAT, story.length), story);
                assertTrue(firstEvent(s.getInputStream()).contains("\"role\""));
                Platform.await(gate::holdingAPass, "the stream's pass to be held");
                assertEquals(1, raw.metric(ACTIVE), 0);
            }
            long gone = System.nanoTime();
            raw.awaitMetric(chat, chatBefore + 1);
            report("a stream's client gone: noticed after %.1f s", (System.nanoTime() - gone) / 1e9);
            gate.release();
            raw.awaitMetric(CANCELLED, cancelled + 1);
            raw.awaitMetric(ACTIVE, 0);

            // Whole answer: gone while its pass is held, before a byte of the answer.
            String whole = requests(COMPLETIONS, 200);
            double wholeBefore = raw.metric(whole);
            gate.hold();
            byte[] body = LONG.getBytes(StandardCharsets.UTF_8);
            try (Socket s = raw.open()) {
                write(s, RawHttp.postHead(COMPLETIONS, body.length), body);
                Platform.await(gate::holdingAPass, "the answer's pass to be held");
                assertEquals(1, raw.metric(ACTIVE), 0);
            }
            gone = System.nanoTime();
            raw.awaitMetric(whole, wholeBefore + 1);
            report("a whole answer's client gone: noticed after %.1f s", (System.nanoTime() - gone) / 1e9);
            gate.release();
            raw.awaitMetric(CANCELLED, cancelled + 2);
        }
    }

    @Test
    public void clientsThatGoAwayOrStallMidRequestGet400Or408AndStartNothing() throws Exception {
        String failed = requests(COMPLETIONS, 500);
        double failedBefore = raw.metric(failed);
        String bad = requests(COMPLETIONS, 400);
        double badBefore = raw.metric(bad);
        double generated = raw.metric("bitnet_generations_total{finish_reason=\"length\"}");
        byte[] half = "{\"prompt\": [1, 2, 3], \"max_".getBytes(StandardCharsets.UTF_8);

        // Closed after the head, and after half the body: nobody to answer, nothing started.
        try (Socket s = raw.open()) {
            write(s, RawHttp.postHead(COMPLETIONS, 200));
        }
        try (Socket s = raw.open()) {
            write(s, RawHttp.postHead(COMPLETIONS, 200), half);
        }
        raw.awaitMetric(bad, badBefore + 2);

        // Half the body, then the client's side closed while it still reads: 400, the body ended early.
        try (Socket s = raw.open()) {
            write(s, RawHttp.postHead(COMPLETIONS, 200), half);
            s.shutdownOutput();
            RawHttp.Response r = RawHttp.read(s.getInputStream());
            assertEquals(r.toString(), 400, r.status());
            assertEquals("incomplete_body", r.error().get("code").asText());
        }

        // Half the body, then nothing: 408 once the idle timeout passes, and the connection closes.
        String timedOut = requests(COMPLETIONS, 408);
        double timedOutBefore = raw.metric(timedOut);
        try (Socket s = raw.open()) {
            write(s, RawHttp.postHead(COMPLETIONS, 200), half);
            long start = System.nanoTime();
            RawHttp.Response r = RawHttp.read(s.getInputStream());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(r.toString(), 408, r.status());
            assertEquals("request_timeout", r.error().get("code").asText());
            assertEquals("close", r.headers().get("connection"));
            assertEquals(-1, s.getInputStream().read());
            assertTrue("answered after " + seconds + " s", seconds >= IDLE_SECONDS * 0.9
                    && seconds < REQUEST_TIMEOUT_SECONDS / 2.0);
            report("a stalled body: 408 after %.1f s", seconds);
        }
        raw.awaitMetric(timedOut, timedOutBefore + 1);
        assertEquals("no client's misbehaviour is a server error", failedBefore, raw.metric(failed), 0);
        assertEquals("nothing was generated", generated,
                raw.metric("bitnet_generations_total{finish_reason=\"length\"}"), 0);
    }

    // (c) ------------------------------------------------------------------------------------------------------------

    @Test
    public void bodiesPastTheLimitAre413HoweverTheyAreFramed() throws Exception {
        byte[] past = ("{\"prompt\": \"" + "a".repeat(LIMIT) + "\"}").getBytes(StandardCharsets.US_ASCII);

        // A declared length past the limit: refused before the body is sent.
        try (Socket s = raw.open()) {
            write(s, RawHttp.postHead(COMPLETIONS, 16 * LIMIT), "{\"prompt\":".getBytes(StandardCharsets.US_ASCII));
            assertTooLarge(RawHttp.read(s.getInputStream()));
        }
        // Chunked in 1 KiB chunks past the limit: refused once the limit is read.
        try (Socket s = raw.open()) {
            write(s, RawHttp.head("POST", COMPLETIONS, "Content-Type: application/json",
                    "Transfer-Encoding: chunked"));
            Thread sender = sendQuietly(s, chunks(past, 1024));
            assertTooLarge(RawHttp.read(s.getInputStream()));
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }
        // One chunk that claims far more than the limit, and sends it.
        try (Socket s = raw.open()) {
            write(s, RawHttp.head("POST", COMPLETIONS, "Content-Type: application/json",
                    "Transfer-Encoding: chunked"));
            Thread sender = sendQuietly(s, chunks(past, past.length));
            assertTooLarge(RawHttp.read(s.getInputStream()));
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }
        // A chunk size past what a chunk can be: a framing error, 400.
        try (Socket s = raw.open()) {
            write(s, RawHttp.head("POST", COMPLETIONS, "Content-Type: application/json",
                    "Transfer-Encoding: chunked"), "FFFFFFFFFFFFFFFF\r\n{\"prompt\"".getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = RawHttp.read(s.getInputStream());
            assertEquals(r.toString(), 400, r.status());
            assertEquals("incomplete_body", r.error().get("code").asText());
        }
        // A lying Content-Length: 20 declared, far more than the limit sent. The server reads the 20 (truncated
        // JSON: 400) and takes the rest for a next request, which is no request: the connection closes, and
        // nothing of the rest is ever run.
        try (Socket s = raw.open()) {
            // Without Connection: close, so that the server reads on after the first request.
            write(s, ("POST " + COMPLETIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 20\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread sender = sendQuietly(s, past);
            InputStream in = s.getInputStream();
            RawHttp.Response first = RawHttp.read(in);
            assertEquals(first.toString(), 400, first.status());
            assertEquals("invalid_json", first.error().get("code").asText());
            List<Integer> rest = new ArrayList<>();
            for (RawHttp.Response next = RawHttp.readOrNull(in); next != null; next = RawHttp.readOrNull(in)) {
                assertTrue("the rest of a lying body was run: " + next, next.status() >= 400);
                rest.add(next.status());
            }
            report("a lying Content-Length: 400, then %s for the rest, then closed", rest);
            sender.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private static void assertTooLarge(RawHttp.Response r) {
        assertEquals(r.toString(), 413, r.status());
        assertEquals("request_too_large", r.error().get("code").asText());
        assertEquals("close", r.headers().get("connection"));
    }

    private static byte[] chunks(byte[] body, int size) {
        StringBuilder sb = new StringBuilder();
        for (int at = 0; at < body.length; at += size) {
            int n = Math.min(size, body.length - at);
            sb.append(Integer.toHexString(n)).append("\r\n")
                    .append(new String(body, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        return sb.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // Sends on a thread of its own: the server answers (and closes) before reading it all, so the send may block or
    // fail, and the answer must be read meanwhile.
    private static Thread sendQuietly(Socket s, byte[] bytes) {
        return Thread.ofPlatform().start(() -> {
            try {
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the server closed the connection after its answer
            }
        });
    }

    @Test
    public void malformedBodiesAre400InOpenAisErrorShapeOnEveryEndpoint() throws Exception {
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        String digits = "9".repeat(5000);
        List<String[]> cases = List.of(
                // endpoint, body, the param the error names ("" for none)
                new String[] {CHAT, "{" + user + ", \"max_tokens\": 4", ""},
                new String[] {CHAT, "", ""},
                new String[] {CHAT, "[1, 2]", ""},
                new String[] {CHAT, "{\"messages\": \"hi\"}", "messages"},
                new String[] {CHAT, "{\"messages\": [{\"role\": \"user\", \"content\": 5}]}", "messages[0].content"},
                new String[] {CHAT, "{" + user + ", \"max_tokens\": \"12\"}", "max_tokens"},
                new String[] {CHAT, "{" + user + ", \"stop\": {\"a\": 1}}", "stop"},
                new String[] {CHAT, "{" + user + ", \"max_tokens\": 1e400}", "max_tokens"},
                new String[] {CHAT, "{" + user + ", \"max_tokens\": 123456789012345678901234567890}", "max_tokens"},
                new String[] {CHAT, "{" + user + ", \"max_tokens\": " + digits + "}", ""},
                new String[] {CHAT, "{" + user + ", \"temperature\": 1e400}", "temperature"},
                new String[] {CHAT, "{" + user + ", \"seed\": 1e300}", "seed"},
                new String[] {CHAT, "{" + user + ", \"top_k\": 3000000000}", "top_k"},
                new String[] {CHAT, "{" + user + ", \"extra\": " + deep + "}", ""},
                new String[] {CHAT, "{\"messages\": " + deep + "}", ""},
                new String[] {COMPLETIONS, "{\"prompt\": {}}", "prompt"},
                new String[] {COMPLETIONS, "{\"prompt\": [1.5]}", "prompt[0]"},
                new String[] {COMPLETIONS, "{\"prompt\": [99999999999]}", "prompt[0]"},
                new String[] {COMPLETIONS, "{\"prompt\": \"x\", \"temperature\": \"hot\"}", "temperature"},
                new String[] {COMPLETIONS, "{\"prompt\": \"x\", \"seed\": -99999999999999999999999}", "seed"},
                new String[] {COMPLETIONS, "{\"prompt\": \"x\"", ""},
                new String[] {"/tokenize", "{\"prompt\": 5}", "prompt"},
                new String[] {"/tokenize", "{\"messages\": 5}", "messages"},
                new String[] {"/tokenize", "{\"prompt\": " + deep + "}", ""},
                new String[] {"/detokenize", "{\"tokens\": \"1 2\"}", "tokens"},
                new String[] {"/detokenize", "{\"tokens\": [1, \"2\"]}", "tokens[1]"},
                new String[] {"/detokenize", "{\"tokens\": [1e400]}", "tokens[0]"},
                new String[] {"/detokenize", "{\"tokens\": [1, 2", ""});
        for (String[] c : cases) {
            assertBadRequest(c[0], c[1].getBytes(StandardCharsets.UTF_8), c[2]);
        }
        // Invalid UTF-8: a stray byte, an overlong encoding, a surrogate encoded as if it were a character, a
        // sequence cut short. Each in a string, where a lenient decoder would let it through.
        byte[][] invalid = {{(byte) 0xFF, (byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        for (String endpoint : List.of(COMPLETIONS, "/tokenize")) {
            for (byte[] bytes : invalid) {
                byte[] body = RawHttp.concat(RawHttp.concat("{\"prompt\": \"a".getBytes(StandardCharsets.US_ASCII),
                        bytes), "b\"}".getBytes(StandardCharsets.US_ASCII));
                assertBadRequest(endpoint, body, "");
            }
        }
    }

    private static void assertBadRequest(String endpoint, byte[] body, String param) throws IOException {
        String what = endpoint + " " + new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        RawHttp.Response r = raw.post(endpoint, body);
        assertEquals(what + " -> " + r, 400, r.status());
        JsonNode e = r.error();
        assertEquals(what, "invalid_request_error", e.get("type").asText());
        if (!param.isEmpty()) {
            assertEquals(what + " -> " + r, param, e.get("param").asText());
        }
    }

    // (d) ------------------------------------------------------------------------------------------------------------

    @Test
    public void slowlorisHeadsSentAByteAtATimeDoNotHoldUpOtherClients() throws Exception {
        String alone = text(raw.post(COMPLETIONS, SEEDED));
        byte[] head = RawHttp.head("GET", "/health");
        List<Socket> dribbling = new ArrayList<>();
        try (Socket stalled = raw.open()) {
            for (int i = 0; i < 16; i++) {
                dribbling.add(raw.open());
            }
            // Half a head and then nothing: closed once the idle timeout passes.
            write(stalled, java.util.Arrays.copyOf(head, head.length / 2));
            long stalledAt = System.nanoTime();
            // The attack itself is a pace: one byte on every connection each 80 ms (far within the idle timeout).
            AtomicInteger sent = new AtomicInteger();
            Thread dribbler = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < head.length; i++) {
                        for (Socket s : dribbling) {
                            s.getOutputStream().write(head[i]);
                            s.getOutputStream().flush();
                        }
                        sent.set(i + 1);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(80));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Platform.await(() -> sent.get() > 0, "the heads to start");
            for (int i = 0; i < 3; i++) {
                assertEquals(alone, text(raw.post(COMPLETIONS, SEEDED)));
                assertEquals(200, raw.get("/health").status());
                assertTrue("answered while the slow heads are incomplete (" + sent.get() + " of " + head.length
                        + " bytes sent)", sent.get() < head.length);
            }
            RawHttp.Response closed = RawHttp.readOrNull(stalled.getInputStream());
            double seconds = (System.nanoTime() - stalledAt) / 1e9;
            assertTrue("a stalled head is closed, not answered: " + closed, closed == null || closed.status() >= 400);
            RawHttp.drain(stalled.getInputStream());
            assertTrue("closed after " + seconds + " s", seconds < REQUEST_TIMEOUT_SECONDS / 2.0);
            report("a stalled head: %s after %.1f s", closed == null ? "closed without an answer"
                    : "answered " + closed.status() + " and closed", seconds);
            dribbler.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(head.length, sent.get());
            for (Socket s : dribbling) {
                RawHttp.Response r = RawHttp.read(s.getInputStream());
                assertEquals(r.toString(), 200, r.status());
            }
        } finally {
            for (Socket s : dribbling) {
                s.close();
            }
        }
    }

    // (e) ------------------------------------------------------------------------------------------------------------

    @Test
    public void aFloodPastTheQueueGets429WithRetryAfterWhileAWellBehavedClientGetsCompleteAnswers() throws Exception {
        String alone = text(raw.post(COMPLETIONS, SEEDED));
        String streamedAlone = streamedText(raw.post(COMPLETIONS, SEEDED.replace("}", ", \"stream\": true}")));
        assertEquals(alone, streamedAlone);
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try (ServerGate gate = new ServerGate(context)) {
            gate.hold();
            // Two places and two waiting, all held: the server is full. The first one's pass holds the scheduler
            // before it fills its second place, so three wait: running and waiting together are what is bounded.
            List<Future<RawHttp.Response>> held = new ArrayList<>();
            held.add(clients.submit(post(COMPLETIONS, LONG)));
            Platform.await(gate::holdingAPass, "the first request's pass to be held");
            for (int i = 0; i < 3; i++) {
                held.add(clients.submit(post(COMPLETIONS, LONG)));
            }
            RawHttp.await(() -> raw.metric(ACTIVE) + raw.metric(QUEUED) == 4, () -> "four requests running or waiting");
            // A flood past it: every one refused at once, with a Retry-After.
            List<Future<RawHttp.Response>> flood = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                flood.add(clients.submit(post(COMPLETIONS, LONG)));
            }
            for (Future<RawHttp.Response> f : flood) {
                assertRefused(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals("the queue stays bounded under a flood", 4, raw.metric(ACTIVE) + raw.metric(QUEUED), 0);
            // The well-behaved client is refused too, and told when to come back.
            RawHttp.Response first = raw.post(COMPLETIONS, SEEDED);
            assertRefused(first);

            // Work resumes; a second wave floods in beside the well-behaved client's retries.
            gate.release();
            List<Future<RawHttp.Response>> wave = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                wave.add(clients.submit(post(COMPLETIONS, "{\"prompt\": [4, 5, 6], \"max_tokens\": 30, "
                        + "\"ignore_eos\": true}")));
            }
            int[] waited = {0};
            assertEquals(alone, text(politely(COMPLETIONS, SEEDED,
                    Integer.parseInt(first.headers().get("retry-after")), waited)));
            assertEquals(alone, streamedText(politely(COMPLETIONS, SEEDED.replace("}", ", \"stream\": true}"), 0,
                    waited)));
            int served = 0;
            for (Future<RawHttp.Response> f : held) {
                RawHttp.Response r = f.get(60, TimeUnit.SECONDS);
                assertEquals(r.toString(), 200, r.status());
                assertEquals(100, r.json().get("usage").get("completion_tokens").asInt());
            }
            for (Future<RawHttp.Response> f : wave) {
                RawHttp.Response r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 200) {
                    assertEquals(30, r.json().get("usage").get("completion_tokens").asInt());
                    served++;
                } else {
                    assertRefused(r);
                }
            }
            report("flood: 4 held and served, 16 refused, then %d of 16 served; the well-behaved client waited %d s "
                    + "in all", served, waited[0]);
        } finally {
            clients.shutdownNow();
        }
    }

    private static Callable<RawHttp.Response> post(String path, String body) {
        return () -> raw.post(path, body);
    }

    private static void assertRefused(RawHttp.Response r) {
        assertEquals(r.toString(), 429, r.status());
        assertEquals("queue_full", r.error().get("code").asText());
        assertEquals("rate_limit_error", r.error().get("type").asText());
        assertNotNull(r.toString(), r.headers().get("retry-after"));
        assertTrue(r.toString(), Integer.parseInt(r.headers().get("retry-after")) >= 1);
    }

    // A well-behaved client: refused, it waits the Retry-After it was given (the protocol's pace, not a guess at
    // the server's state), then asks again. Adds the seconds it waited to waited[0].
    private static RawHttp.Response politely(String path, String body, int retryAfter, int[] waited)
            throws IOException {
        int wait = retryAfter;
        for (int attempt = 0; attempt < 30; attempt++) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            waited[0] += wait;
            RawHttp.Response r = raw.post(path, body);
            if (r.status() != 429) {
                assertEquals(r.toString(), 200, r.status());
                return r;
            }
            assertRefused(r);
            wait = Integer.parseInt(r.headers().get("retry-after"));
        }
        throw new AssertionError("still refused after 30 tries");
    }

    private static String text(RawHttp.Response r) {
        assertEquals(r.toString(), 200, r.status());
        JsonNode body = r.json();
        assertEquals(r.toString(), "length", body.get("choices").get(0).get("finish_reason").asText());
        return body.get("choices").get(0).get("text").asText();
    }

    private static String streamedText(RawHttp.Response r) {
        assertEquals(r.toString(), 200, r.status());
        StringBuilder sb = new StringBuilder();
        String finish = null;
        for (JsonNode e : ServerHttp.events(r.text())) {
            JsonNode c = e.get("choices").get(0);
            sb.append(c.get("text").asText());
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertEquals(r.toString(), "length", finish);
        return sb.toString();
    }

    // Prefix cache -------------------------------------------------------------------------------------------------

    @Test
    public void aCancelledGenerationsCacheKeptForItsPrefixGivesTheSameAnswerAsAFreshOne() throws Exception {
        String seeded = "{\"prompt\": [5, 17, 42, 99, 3, 250, 8, 61, 77, 12, 400, 9], \"max_tokens\": 16, "
                + "\"seed\": 77, \"temperature\": 0.8, \"ignore_eos\": true}";
        String fresh = text(raw.post(COMPLETIONS, seeded));
        configure("prefixCacheEntries", 1);
        Platform.await(() -> Integer.valueOf(1).equals(context.getServiceReference("bitnet.server.ModelHost")
                .getProperty("prefixCacheEntries")), "the prefix cache to be on");
        String answered = requests(COMPLETIONS, 200);
        double before = raw.metric(answered);
        double cancelled = raw.metric(CANCELLED);
        double reused = raw.metric(REUSED);
        byte[] stream = seeded.replace("\"max_tokens\": 16", "\"max_tokens\": 100").replace("}", ", \"stream\": true}")
                .getBytes(StandardCharsets.UTF_8);
        try (ServerGate gate = new ServerGate(context)) {
            gate.hold();
            try (Socket s = raw.open()) {
                write(s, RawHttp.postHead(COMPLETIONS, stream.length), stream);
                Platform.await(gate::holdingAPass, "the prompt's pass to be held");
            }
            raw.awaitMetric(answered, before + 1);
            gate.release();
        }
        raw.awaitMetric(CANCELLED, cancelled + 1);
        raw.awaitMetric(ACTIVE, 0);
        assertTrue("the cancelled generation's cache is kept", raw.metric(KV) > 0);
        assertEquals(fresh, text(raw.post(COMPLETIONS, seeded)));
        assertEquals("all but the prompt's last token came from the cancelled generation's cache", reused + 11,
                raw.metric(REUSED), 0);
        // Prefix caching off again: the scheduler that kept the cache closes, and frees it.
        configure();
        Platform.await(() -> Integer.valueOf(0).equals(context.getServiceReference("bitnet.server.ModelHost")
                .getProperty("prefixCacheEntries")), "the prefix cache to be off");
    }

    // ---------------------------------------------------------------------------------------------------------------

    // What a case saw, for docs/reliability.md.
    private static void report(String format, Object... args) {
        System.out.println("ServerHostileIT: " + String.format(java.util.Locale.ROOT, format, args));
    }

    private static void write(Socket s, byte[]... parts) throws IOException {
        OutputStream out = s.getOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        out.flush();
    }

    // Reads a streamed answer up to its first data: line, and returns that line.
    private static String firstEvent(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                if (line.toString().startsWith("data: ")) {
                    return line.toString();
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        throw new AssertionError("the stream ended before its first event");
    }
}
