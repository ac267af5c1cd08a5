package bitnet.tokenizer.service;

import java.nio.file.Path;
import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerFactory;
import bitnet.tokenizer.pipeline.Tokenizers;

/** The factory service: loads tokenizer.json, vocab.json + merges.txt, or vocab.txt. */
@Component(service = TokenizerFactory.class)
public final class FileTokenizerFactory implements TokenizerFactory {

    @Override
    public Tokenizer load(Path path) {
        return Tokenizers.load(Objects.requireNonNull(path, "path"));
    }
}
