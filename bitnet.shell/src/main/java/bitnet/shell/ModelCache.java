package bitnet.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelLoader;
import bitnet.api.model.LoadProgress;

/**
 * The models the shell's commands use, loaded once and kept until their files change or the shell stops, so that a
 * console or a script running several commands on one model loads it once. A load reports its progress on the
 * console (standard error) when it takes more than a moment.
 */
@Component(service = ModelCache.class)
public final class ModelCache {
    private record Key(Path path, boolean lmHeadInt8) {
    }

    private record Loaded(FileTime modified, Model model) {
    }

    private final ModelLoader loader;
    private final Map<Key, Loaded> models = new ConcurrentHashMap<>();

    /** @param loader loads models */
    @Activate
    public ModelCache(@Reference ModelLoader loader) {
        this.loader = loader;
    }

    /**
     * @param arg the model folder or GGUF file as the user typed it
     * @param lmHeadInt8 whether the LM head is held in int8
     * @param console where progress goes
     * @return the model, shared: callers must not close it
     */
    synchronized Model get(String arg, boolean lmHeadInt8, PrintStream console) {
        Path path = UserPaths.existing(arg);
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Key key = new Key(path, lmHeadInt8);
        Loaded hit = models.get(key);
        if (hit != null && hit.modified().equals(modified)) {
            return hit.model();
        }
        if (hit != null) {
            hit.model().close();
        }
        long t0 = System.nanoTime();
        Model model = loader.load(path, LoadOptions.defaults().withLmHeadInt8(lmHeadInt8)
                .withProgress(progress(path, console, t0)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (seconds > 1) {
            console.printf(Locale.ROOT, "loaded %s in %.1f s%n", path, seconds);
        }
        models.put(key, new Loaded(modified, model));
        return model;
    }

    // Every tenth of the tensors once the load has run for a second: small models load silently.
    private static LoadProgress progress(Path path, PrintStream console, long t0) {
        int[] last = {0};
        return (done, total, what) -> {
            if (System.nanoTime() - t0 < 1_000_000_000L || total == 0) {
                return;
            }
            int tenth = done * 10 / total;
            if (tenth > last[0]) {
                last[0] = tenth;
                console.printf(Locale.ROOT, "loading %s: %d/%d tensors%n", path.getFileName(), done, total);
            }
        };
    }

    /** Closes every model the shell loaded. */
    @Deactivate
    void deactivate() {
        models.values().forEach(l -> l.model().close());
        models.clear();
    }
}
