package bitnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelLoader;
import bitnet.api.inference.SchedulerOptions;
import bitnet.api.inference.SchedulerStats;
import bitnet.api.model.ModelConfig;

/**
 * The served model's life: loads, configuration changes while requests hold the old model or scheduler, failures,
 * and deactivation, with a fake loader, models and schedulers (loads run on the calling thread).
 */
class ModelHostTest {
    private final List<FakeModel> models = new ArrayList<>();
    private final Map<Path, RuntimeException> failures = new HashMap<>();

    /** A model whose closing and schedulers the test can see. */
    private final class FakeModel {
        final Path path;
        final List<FakeScheduler> schedulers = new ArrayList<>();
        boolean closed;
        final Model proxy;

        FakeModel(Path path) {
            this.path = path;
            ModelConfig config = new ModelConfig("bitnet-b1.58", 512, 64, 128, 1, 2, 1, 32, 1e-5f, 10000f, 256,
                    true);
            proxy = (Model) Proxy.newProxyInstance(Model.class.getClassLoader(), new Class<?>[] {Model.class},
                    (p, m, args) -> switch (m.getName()) {
                        case "config" -> config;
                        case "scheduler" -> {
                            FakeScheduler s = new FakeScheduler((SchedulerOptions) args[0]);
                            schedulers.add(s);
                            yield s.proxy;
                        }
                        case "close" -> {
                            closed = true;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static final class FakeScheduler {
        final SchedulerOptions options;
        boolean closed;
        final BatchScheduler proxy;

        FakeScheduler(SchedulerOptions options) {
            this.options = options;
            proxy = (BatchScheduler) Proxy.newProxyInstance(BatchScheduler.class.getClassLoader(),
                    new Class<?>[] {BatchScheduler.class}, (p, m, args) -> switch (m.getName()) {
                        case "options" -> options;
                        case "stats" -> new SchedulerStats(0, 0, 0, 2, 0, 10, 3, 20, 5, 0);
                        case "close" -> {
                            closed = true;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private final ModelLoader loader = new ModelLoader() {
        @Override
        public Model load(Path path, LoadOptions options) {
            RuntimeException failure = failures.get(path);
            if (failure != null) {
                throw failure;
            }
            FakeModel m = new FakeModel(path);
            models.add(m);
            return m.proxy;
        }

        @Override
        public List<Model> loaded() {
            return List.of();
        }
    };

    /** Runs each load at once, on the caller's thread. */
    private static final class CallerRuns extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable r) {
            r.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    // The annotation's defaults, with some attributes set.
    private static ServerConfig config(Object... attributes) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], attributes[i + 1]);
        }
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(),
                new Class<?>[] {ServerConfig.class}, (p, m, args) -> {
                    if (m.getName().equals("annotationType")) {
                        return ServerConfig.class;
                    }
                    return values.containsKey(m.getName()) ? values.get(m.getName()) : defaultOf(m);
                });
    }

    private static Object defaultOf(Method m) {
        return m.getDefaultValue();
    }

    private static Path path(String name) {
        return Path.of("/models", name).toAbsolutePath().normalize();
    }

    @Test
    void disabledItServesNothingAndSaysSo() {
        ModelHost host = new ModelHost(loader, config(), new CallerRuns());
        assertEquals(ModelHost.Status.DISABLED, host.health().status());
        IllegalStateException e = assertThrows(IllegalStateException.class, host::acquire);
        assertEquals("the server is not serving a model", e.getMessage());
        assertTrue(models.isEmpty());
    }

    @Test
    void enabledItLoadsTheModelAndServesItWithTheConfiguredLimits() {
        ModelHost host = new ModelHost(loader, config("enabled", true, "model", "/models/a", "maxActive", 3,
                "context", 100), new CallerRuns());
        assertEquals(new ModelHost.Health(ModelHost.Status.READY, "", "a"), host.health());
        Served s = host.acquire();
        assertEquals("a", s.name());
        assertEquals(100, s.capacity());
        assertEquals(new SchedulerOptions(3, 32, 100, 8, 256), models.get(0).schedulers.get(0).options);
        s.release();
    }

    @Test
    void newLimitsStartANewSchedulerAndTheOldClosesWhenItsLastRequestEnds() {
        ModelHost host = new ModelHost(loader, config("enabled", true, "model", "/models/a"), new CallerRuns());
        Served running = host.acquire();
        host.modified(config("enabled", true, "model", "/models/a", "maxActive", 2));
        FakeModel model = models.get(0);
        assertEquals(1, models.size(), "the model is not loaded again");
        assertEquals(2, model.schedulers.size());
        assertFalse(model.schedulers.get(0).closed, "a request still runs on the old scheduler");
        Served next = host.acquire();
        assertNotSame(running, next);
        assertEquals(2, next.scheduler().options().maxActive());
        running.release();
        assertTrue(model.schedulers.get(0).closed);
        assertFalse(model.closed);
        next.release();
        assertFalse(model.schedulers.get(1).closed, "the current scheduler stays");
        // Counters of the closed scheduler stay in the totals.
        assertEquals(40, host.stats().generatedTokens());
    }

    @Test
    void keysAndSizesApplyWithoutANewScheduler() {
        ModelHost host = new ModelHost(loader, config("enabled", true, "model", "/models/a"), new CallerRuns());
        Served before = host.acquire();
        before.release();
        host.modified(config("enabled", true, "model", "/models/a", "apiKeys", new String[] {" k ", ""},
                "maxRequestBytes", 10L));
        Served after = host.acquire();
        after.release();
        assertSame(before, after);
        assertEquals(List.of("k"), host.settings().apiKeys());
        assertEquals(10, host.settings().maxRequestBytes());
    }

    @Test
    void anotherModelLoadsAndTheOldOneClosesAfterItsLastRequest() {
        ModelHost host = new ModelHost(loader, config("enabled", true, "model", "/models/a"), new CallerRuns());
        Served old = host.acquire();
        host.modified(config("enabled", true, "model", "/models/b"));
        assertEquals("b", host.health().modelName());
        assertEquals(path("b"), models.get(1).path);
        assertFalse(models.get(0).closed);
        old.release();
        assertTrue(models.get(0).schedulers.get(0).closed);
        assertTrue(models.get(0).closed);
        assertFalse(models.get(1).closed);
    }

    @Test
    void aFailedLoadOrAContextPastTheModelsKeeps503WithTheReason() {
        failures.put(path("broken"), new IllegalArgumentException("bad magic"));
        ModelHost host = new ModelHost(loader, config("enabled", true, "model", "/models/broken"), new CallerRuns());
        assertEquals(new ModelHost.Health(ModelHost.Status.FAILED, "cannot load " + path("broken") + ": bad magic",
                "broken"), host.health());
        assertThrows(IllegalStateException.class, host::acquire);

        host.modified(config("enabled", true, "model", "/models/a", "context", 300));
        assertEquals(ModelHost.Status.FAILED, host.health().status());
        assertEquals("context 300 exceeds the model's context of 256; lower it or set 0 for the model's own",
                host.health().message());
        // Fixed without loading again.
        host.modified(config("enabled", true, "model", "/models/a", "context", 200));
        assertEquals(ModelHost.Status.READY, host.health().status());
        assertEquals(1, models.size());
    }

    @Test
    void disablingOrDeactivatingClosesEverything() {
        ModelHost host = new ModelHost(loader, config("enabled", true, "model", "/models/a"), new CallerRuns());
        host.modified(config("enabled", false, "model", "/models/a"));
        assertTrue(models.get(0).schedulers.get(0).closed);
        assertTrue(models.get(0).closed);
        assertEquals(ModelHost.Status.DISABLED, host.health().status());

        host.modified(config("enabled", true, "model", "/models/a"));
        Served held = host.acquire();
        host.deactivate();
        FakeModel second = models.get(1);
        assertTrue(second.schedulers.get(0).closed, "deactivation does not wait for running requests");
        assertTrue(second.closed);
        held.release();
        assertEquals(1, second.schedulers.size());
    }
}
