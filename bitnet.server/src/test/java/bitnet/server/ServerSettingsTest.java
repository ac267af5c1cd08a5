package bitnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.SchedulerOptions;

/** The configuration as the server uses it, and what it asks of Felix HTTP. */
class ServerSettingsTest {

    private static ServerSettings settings(int context, String model, String name) {
        return new ServerSettings(true, "127.0.0.1", 9000, model == null ? null : Path.of(model), context, 3, 4, 5,
                6, 1024, 60, 30, List.of("k"), name);
    }

    @Test
    void theCapacityIsTheConfiguredContextOrTheModelsAtMost4096() {
        assertEquals(new SchedulerOptions(3, 4, 4096, 5, 6), settings(0, "/m", "").schedulerOptions(8192));
        assertEquals(new SchedulerOptions(3, 4, 128, 5, 6), settings(0, "/m", "").schedulerOptions(128));
        assertEquals(new SchedulerOptions(3, 4, 100, 5, 6), settings(100, "/m", "").schedulerOptions(128));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(200, "/m", "").schedulerOptions(128));
        assertEquals("context 200 exceeds the model's context of 128; lower it or set 0 for the model's own",
                e.getMessage());
    }

    @Test
    void theModelIdIsTheConfiguredNameOrTheFileName() {
        assertEquals("model.gguf", settings(0, "/models/x/model.gguf", "").servedName());
        assertEquals("bitnet-2b", settings(0, "/models/bitnet-2b", "").servedName());
        assertEquals("mine", settings(0, "/models/bitnet-2b", "mine").servedName());
    }

    @Test
    void felixHttpListensOnlyWhenEnabled() {
        assertEquals(Map.of("org.apache.felix.http.enable", "true", "org.osgi.service.http.port", "9000",
                "org.apache.felix.http.host", "127.0.0.1", "org.apache.felix.http.timeout", "30000"),
                HttpListener.felixProperties(settings(0, "/m", "")));
        ServerSettings off = new ServerSettings(false, "0.0.0.0", 1, null, 0, 1, 0, 0, 1, 1, 1, 1, List.of(), "");
        assertEquals(Map.of("org.apache.felix.http.enable", "false"), HttpListener.felixProperties(off));
    }
}
