package bitnet.benchmarks.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The load test's checks against a stand-in server: a faithful one passes; one wrong answer, one failed request or
 * pool bytes that do not come back each fail the run and are reported. Each load phase lasts one second.
 */
class LoadRunTest {
    // 2 pairs: the reference sends calls 0-1, the single stream 2-3, the load 4 on.
    private static LoadReport run(FakeServer server) throws Exception {
        LoadOptions o = LoadOptions.parse(server.url() + "/v1", "clients=2", "seconds=1", "prompts=2", "seeds=1",
                "single=2", "chats=0");
        return new LoadRun(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void aFaithfulServerPasses() throws Exception {
        try (FakeServer server = new FakeServer(Set.of(), Set.of(), -1)) {
            LoadReport r = run(server);
            assertTrue(r.passed());
            assertEquals("fake", r.model());
            assertEquals(2, r.reference().requests());
            assertEquals(4, r.reference().tokens());
            assertEquals(2, r.single().requests());
            assertEquals(0, r.single().wrong());
            assertTrue(r.load().requests() >= 2, "each client finished at least one request");
            assertEquals(2L * r.load().requests(), r.load().tokens());
            assertEquals(r.load().tokens(), r.server().generatedTokens());
            assertEquals(0, r.load().errors());
            assertEquals(0, r.load().wrong());
            assertEquals(r.load().requests(), r.load().timeToFirstToken().count());
            assertTrue(r.server().poolBack());
            assertNull(r.prefix());
        }
    }

    @Test
    void aWrongAnswerAndAFailureUnderLoadAreCountedAndShown() throws Exception {
        try (FakeServer server = new FakeServer(Set.of(4), Set.of(5), -1)) {
            LoadReport r = run(server);
            assertFalse(r.passed());
            assertEquals(1, r.load().wrong());
            assertEquals(1, r.load().errors());
            assertEquals(2, r.load().problems().size());
            assertTrue(r.load().problems().stream().anyMatch(p -> p.startsWith("wrong output, prompt ")
                    && p.contains("got 'wrong' (2 tokens, length)")), r.load().problems().toString());
            assertTrue(r.load().problems().stream().anyMatch(p -> p.startsWith("error, prompt ")
                    && p.contains("status 500")), r.load().problems().toString());
        }
    }

    @Test
    void poolBytesThatStayInUseFailTheRun() throws Exception {
        try (FakeServer server = new FakeServer(Set.of(), Set.of(), 4)) {
            LoadReport r = run(server);
            assertFalse(r.passed());
            assertFalse(r.server().poolBack());
            assertEquals(0, r.load().wrong());
            assertEquals(4096, r.server().poolInUseBefore());
            assertEquals(4096 + 1000L * r.load().requests(), r.server().poolInUseAfter());
        }
    }
}
