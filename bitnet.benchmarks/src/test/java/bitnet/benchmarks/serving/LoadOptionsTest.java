package bitnet.benchmarks.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void defaultsAreSixteenClientsForSixtySeconds() {
        LoadOptions o = LoadOptions.parse("http://127.0.0.1:8080");
        assertEquals(new LoadOptions(URI.create("http://127.0.0.1:8080"), 16, 60, 32, 8, 2, 0.8, 4, 3, null, null),
                o);
    }

    @Test
    void theApiPathAndTrailingSlashesAreDroppedAndOptionsRead() {
        LoadOptions o = LoadOptions.parse("http://host:9/v1/", "clients=8", "seconds=10", "max_tokens=16",
                "prompts=3", "seeds=1", "temperature=1.5", "single=2", "chats=0", "api_key=k", "out=r.json");
        assertEquals(new LoadOptions(URI.create("http://host:9"), 8, 10, 16, 3, 1, 1.5, 2, 0, "k", Path.of("r.json")),
                o);
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("the first argument is the server's URL, e.g. http://127.0.0.1:8080",
                assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("clients=8")).getMessage());
        assertEquals("clients must be an integer, got 'x'", assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("http://h", "clients=x")).getMessage());
        assertEquals("prompts must be between 1 and 8, got 9", assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("http://h", "prompts=9")).getMessage());
        assertEquals("temperature must be above 0 (seeded sampling) and at most 2, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("http://h", "temperature=0"))
                        .getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("http://h", "client=8"));
        assertEquals("unknown option 'client=8'; options are name=value with name one of clients, seconds, max_tokens,"
                + " prompts, seeds, temperature, single, chats, api_key, out", unknown.getMessage());
        assertNull(LoadOptions.parse("http://h").apiKey());
    }
}
