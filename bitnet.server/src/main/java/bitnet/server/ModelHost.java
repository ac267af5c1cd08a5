package bitnet.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelLoader;
import bitnet.api.inference.SchedulerOptions;
import bitnet.api.inference.SchedulerStats;

/**
 * Holds the served model and its scheduler. The model loads on a thread of its own (health says 503 until it is
 * ready, and keeps 503 with the reason when the load fails). A configuration change applies without a restart: a new
 * model path loads the new model, new limits start a new scheduler on the loaded model; requests running on the old
 * ones finish there, and the old ones close when the last of them is done.
 */
@Component(service = ModelHost.class, configurationPid = ServerConfig.PID)
@Designate(ocd = ServerConfig.class)
public final class ModelHost {
    /** What the server is doing. */
    public enum Status {
        /** Not serving: disabled by configuration. */
        DISABLED,
        /** Loading the model. */
        LOADING,
        /** Serving. */
        READY,
        /** The model or the scheduler could not be set up; the message says why. */
        FAILED
    }

    /**
     * @param status what the server is doing
     * @param message why it failed, or what it is loading; empty when ready
     * @param modelName the id clients name the model by
     */
    public record Health(Status status, String message, String modelName) {
    }

    /** A loaded model, closed once it is retired and no scheduler uses it. */
    static final class LoadedModel {
        private final Model model;
        private final Path path;
        private int schedulers;
        private boolean retired;

        LoadedModel(Model model, Path path) {
            this.model = model;
            this.path = path;
        }

        Model model() {
            return model;
        }
    }

    private final ModelLoader loader;
    private final ExecutorService loading;
    private final Object lock = new Object();
    private final List<Served> live = new ArrayList<>();
    private volatile ServerSettings settings;
    private volatile Health health;
    private LoadedModel loaded;
    private Served current;
    private long loadGeneration;
    private boolean deactivated;
    private SchedulerStats closedTotals = new SchedulerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * @param loader loads models
     * @param config the configuration
     */
    @Activate
    public ModelHost(@Reference ModelLoader loader, ServerConfig config) {
        this(loader, config, Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("bitnet-server-loader").daemon(true).factory()));
    }

    /**
     * @param loader loads models
     * @param config the configuration
     * @param loading runs model loads
     */
    ModelHost(ModelLoader loader, ServerConfig config, ExecutorService loading) {
        this.loader = loader;
        this.loading = loading;
        apply(ServerSettings.of(config));
    }

    @Modified
    void modified(ServerConfig config) {
        apply(ServerSettings.of(config));
    }

    @Deactivate
    void deactivate() {
        List<Runnable> closing = new ArrayList<>();
        synchronized (lock) {
            deactivated = true;
            loadGeneration++;
            health = new Health(Status.DISABLED, "the server is stopping", "");
            current = null;
            for (Served s : List.copyOf(live)) {
                // Running requests are cancelled: the scheduler closes whoever still holds it.
                if (!s.isClosed()) {
                    s.retire();
                    closing.add(closeServed(s));
                }
            }
            closing.add(retireModel());
        }
        closing.forEach(Runnable::run);
        loading.shutdownNow();
    }

    /** @return the settings in force */
    public ServerSettings settings() {
        return settings;
    }

    /** @return what the server is doing */
    public Health health() {
        return health;
    }

    /**
     * Takes the served model for one request; give it back with {@link Served#release()}.
     *
     * @return the served model and scheduler
     * @throws IllegalStateException with the health message if nothing is being served
     */
    public Served acquire() {
        synchronized (lock) {
            Served s = current;
            if (s == null) {
                Health h = health;
                throw new IllegalStateException(switch (h.status()) {
                    case DISABLED -> "the server is not serving a model";
                    case LOADING -> "the model is loading";
                    default -> "the model is not available: " + h.message();
                });
            }
            s.use();
            return s;
        }
    }

    /**
     * @return the scheduler counts of everything served since activation: what runs and waits now on every live
     *     scheduler, and the totals of closed ones
     */
    public SchedulerStats stats() {
        List<Served> now;
        SchedulerStats sum;
        synchronized (lock) {
            now = List.copyOf(live);
            sum = closedTotals;
        }
        for (Served s : now) {
            sum = add(sum, s.scheduler().stats(), true);
        }
        return sum;
    }

    void release(Served s) {
        Runnable close = null;
        synchronized (lock) {
            if (s.unuse()) {
                close = closeServed(s);
            }
        }
        if (close != null) {
            close.run();
        }
    }

    private void apply(ServerSettings next) {
        List<Runnable> closing = new ArrayList<>();
        synchronized (lock) {
            if (deactivated) {
                return;
            }
            ServerSettings previous = settings;
            settings = next;
            if (!next.enabled()) {
                loadGeneration++;
                retireCurrent(closing);
                closing.add(retireModel());
                health = new Health(Status.DISABLED, "the server is disabled", "");
            } else if (next.model() == null) {
                loadGeneration++;
                retireCurrent(closing);
                closing.add(retireModel());
                health = new Health(Status.FAILED, "no model is configured (attribute model of PID "
                        + ServerConfig.PID + ")", "");
            } else if (loaded == null || !loaded.path.equals(next.model())) {
                retireCurrent(closing);
                closing.add(retireModel());
                long generation = ++loadGeneration;
                health = new Health(Status.LOADING, "loading " + next.model(), next.servedName());
                loading.execute(() -> load(generation, next.model()));
            } else if (health.status() != Status.LOADING) {
                boolean sameLimits = current != null && previous != null && previous.context() == next.context()
                        && previous.maxActive() == next.maxActive() && previous.maxQueued() == next.maxQueued()
                        && previous.prefixCacheEntries() == next.prefixCacheEntries()
                        && previous.maxPrefillTokens() == next.maxPrefillTokens()
                        && previous.servedName().equals(next.servedName());
                if (!sameLimits) {
                    retireCurrent(closing);
                    startScheduler();
                } else {
                    health = new Health(Status.READY, "", next.servedName());
                }
            }
        }
        closing.forEach(Runnable::run);
    }

    private void load(long generation, Path path) {
        Model model;
        try {
            model = loader.load(path);
        } catch (RuntimeException e) {
            synchronized (lock) {
                if (generation == loadGeneration) {
                    health = new Health(Status.FAILED, "cannot load " + path + ": " + message(e),
                            settings.servedName());
                }
            }
            return;
        }
        synchronized (lock) {
            if (generation != loadGeneration) {
                model.close();
                return;
            }
            loaded = new LoadedModel(model, path);
            startScheduler();
        }
    }

    // Under the lock, with a loaded model and no current scheduler.
    private void startScheduler() {
        ServerSettings s = settings;
        try {
            SchedulerOptions options = s.schedulerOptions(loaded.model.config().contextLength());
            BatchScheduler scheduler = loaded.model.scheduler(options);
            loaded.schedulers++;
            current = new Served(this, loaded, scheduler, s.servedName());
            live.add(current);
            health = new Health(Status.READY, "", s.servedName());
        } catch (IllegalArgumentException | InferenceException e) {
            health = new Health(Status.FAILED, message(e), s.servedName());
        }
    }

    // Under the lock.
    private void retireCurrent(List<Runnable> closing) {
        Served s = current;
        current = null;
        if (s != null && s.retire()) {
            closing.add(closeServed(s));
        }
    }

    // Under the lock: marks the model retired; returns what closes it once no scheduler uses it.
    private Runnable retireModel() {
        LoadedModel m = loaded;
        loaded = null;
        if (m == null) {
            return () -> { };
        }
        m.retired = true;
        return m.schedulers == 0 ? m.model::close : () -> { };
    }

    // Under the lock: takes a scheduler out of the live list; returns what closes it (and its model, if retired and
    // this was the model's last scheduler), to run outside the lock.
    private Runnable closeServed(Served s) {
        s.markClosed();
        LoadedModel m = s.loaded();
        m.schedulers--;
        boolean closeModel = m.retired && m.schedulers == 0;
        return () -> {
            s.scheduler().close();
            synchronized (lock) {
                // Its counts move to the totals in one step, so that counters never seem to go back.
                live.remove(s);
                closedTotals = add(closedTotals, s.scheduler().stats(), false);
            }
            if (closeModel) {
                m.model.close();
            }
        };
    }

    private static SchedulerStats add(SchedulerStats a, SchedulerStats b, boolean withGauges) {
        return new SchedulerStats(a.active() + (withGauges ? b.active() : 0),
                a.queued() + (withGauges ? b.queued() : 0), a.kvCacheBytes() + (withGauges ? b.kvCacheBytes() : 0),
                a.completed() + b.completed(), a.failed() + b.failed(), a.promptTokens() + b.promptTokens(),
                a.promptTokensReused() + b.promptTokensReused(), a.generatedTokens() + b.generatedTokens(),
                a.passes() + b.passes(), a.lowPrecisionCaches() + b.lowPrecisionCaches());
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
