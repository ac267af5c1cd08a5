package bitnet.tokenizer.service;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.tokenizer.BatchOptions;
import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.TextPair;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.tokenizer.pipeline.Tokenizers;

/**
 * A tokenizer named in configuration: one per factory configuration of PID {@value #PID}, registered as a
 * {@link Tokenizer} service whose {@value Tokenizer#NAME_PROPERTY} property is the configured name.
 */
@Component(service = Tokenizer.class, configurationPid = NamedTokenizer.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NamedTokenizer.Config.class, factory = true)
public final class NamedTokenizer implements Tokenizer {
    /** The factory PID of named tokenizer configurations. */
    public static final String PID = "bitnet.tokenizer.named";

    /** A named tokenizer's configuration. */
    @ObjectClassDefinition(name = "bitnet named tokenizer",
            description = "Loads a tokenizer from files and registers it as a service under a name")
    public @interface Config {
        /** @return the name; becomes the service property bitnet.tokenizer.name */
        @AttributeDefinition(name = "Name", description = "Name clients select the tokenizer by "
                + "(service property bitnet.tokenizer.name)")
        String bitnet_tokenizer_name();

        /** @return where the tokenizer files are */
        @AttributeDefinition(name = "Path", description = "A tokenizer.json, a folder holding one (or vocab.json + "
                + "merges.txt, or vocab.txt), a vocab.json, or a vocab.txt")
        String path();
    }

    private final Tokenizer delegate;
    private final String name;

    /**
     * @param config the configuration
     * @throws TokenizerException if the name or path is empty, or the files do not load
     */
    @Activate
    public NamedTokenizer(Config config) {
        this.name = config.bitnet_tokenizer_name();
        if (name == null || name.isBlank()) {
            throw new TokenizerException("named tokenizer configuration needs a non-empty bitnet.tokenizer.name");
        }
        if (config.path() == null || config.path().isBlank()) {
            throw new TokenizerException("named tokenizer '" + name + "' needs a non-empty path");
        }
        this.delegate = Tokenizers.load(Path.of(config.path()));
    }

    /** @return the configured name */
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return delegate.vocabSize();
    }

    @Override
    public Encoding encode(String text, boolean addSpecialTokens) {
        return delegate.encode(text, addSpecialTokens);
    }

    @Override
    public Encoding encodePair(String first, String second, boolean addSpecialTokens) {
        return delegate.encodePair(first, second, addSpecialTokens);
    }

    @Override
    public List<Encoding> encodeBatch(List<String> texts, BatchOptions options) {
        return delegate.encodeBatch(texts, options);
    }

    @Override
    public List<Encoding> encodePairBatch(List<TextPair> pairs, BatchOptions options) {
        return delegate.encodePairBatch(pairs, options);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return delegate.decode(ids, skipSpecialTokens);
    }

    @Override
    public List<String> decodeBatch(List<int[]> batch, boolean skipSpecialTokens) {
        return delegate.decodeBatch(batch, skipSpecialTokens);
    }

    @Override
    public OptionalInt tokenToId(String token) {
        return delegate.tokenToId(token);
    }

    @Override
    public String idToToken(int id) {
        return delegate.idToToken(id);
    }
}
