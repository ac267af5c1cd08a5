package bitnet.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.TokenizerFactory;

/**
 * Finds the tokenizer a command names: a configured tokenizer service of that name, else files at that path.
 * Loaded files are kept until they change, since a large tokenizer takes seconds to load.
 */
final class TokenizerResolver {
    private record Loaded(FileTime modified, Tokenizer tokenizer) {
    }

    private final TokenizerFactory factory;
    private final Supplier<List<Map.Entry<String, Tokenizer>>> named;
    private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

    TokenizerResolver(TokenizerFactory factory, Supplier<List<Map.Entry<String, Tokenizer>>> named) {
        this.factory = factory;
        this.named = named;
    }

    Tokenizer resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("name a tokenizer: a configured name, a tokenizer.json, a folder, "
                    + "vocab.json (with merges.txt beside it) or vocab.txt");
        }
        for (Map.Entry<String, Tokenizer> e : named.get()) {
            if (e.getKey().equals(spec)) {
                return e.getValue();
            }
        }
        Path path = Path.of(spec).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no tokenizer named '" + spec + "' is configured and no file or folder "
                    + path + " exists");
        }
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            Loaded hit = cache.get(path);
            if (hit != null && hit.modified().equals(modified)) {
                return hit.tokenizer();
            }
            Tokenizer t = factory.load(path);
            cache.put(path, new Loaded(modified, t));
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (TokenizerException e) {
            throw new IllegalArgumentException("cannot load tokenizer " + path + ": " + e.getMessage(), e);
        }
    }
}
