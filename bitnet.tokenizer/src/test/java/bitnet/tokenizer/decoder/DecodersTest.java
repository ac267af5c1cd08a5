package bitnet.tokenizer.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.tokenizer.normalizer.Replace;
import bitnet.tokenizer.pretokenizer.Metaspace;
import bitnet.tokenizer.text.TextPattern;

class DecodersTest {

    @Test
    void byteFallbackDecodesValidRunsAndReplacesInvalidBytesOneByOne() {
        Decoder d = Decoders.byteFallback();
        assertEquals(List.of("a", "\u00e9", "b"), d.decodeChain(List.of("a", "<0xC3>", "<0xA9>", "b")));
        assertEquals(List.of("\uFFFD", "\uFFFD", "x"), d.decodeChain(List.of("<0xE2>", "<0x82>", "x")));
        assertEquals(List.of("<0xZZ>"), d.decodeChain(List.of("<0xZZ>")));
    }

    @Test
    void mistralChain() {
        Decoder d = Decoders.sequence(List.of(Decoders.replace(new Replace(TextPattern.literal("\u2581"), " ")),
                Decoders.byteFallback(), Decoders.fuse(), Decoders.strip(' ', 1, 0)));
        assertEquals("Hello world", d.decode(List.of("\u2581Hello", "\u2581world")));
        assertEquals("<s> hi", d.decode(List.of("<s>", "\u2581hi")));
    }

    @Test
    void stripRemovesAtMostTheCountsGiven() {
        assertEquals(List.of("a ", " "), Decoders.strip(' ', 2, 0).decodeChain(List.of("  a ", "   ")));
        assertEquals(List.of(" a"), Decoders.strip(' ', 1, 5).decodeChain(List.of("  a  ")));
    }

    @Test
    void wordPieceJoinsAndCleansUp() {
        assertEquals("hellos, world!", Decoders.wordPiece("##", true)
                .decode(List.of("hello", "##s", ",", "world", "!")));
        assertEquals("a , b", Decoders.wordPiece("##", false).decode(List.of("a", ",", "b")));
    }

    @Test
    void metaspaceDropsTheFirstReplacement() {
        assertEquals("Hey friend", Decoders.metaspace('\u2581', Metaspace.PrependScheme.ALWAYS)
                .decode(List.of("\u2581Hey", "\u2581friend")));
        assertEquals(" Hey", Decoders.metaspace('\u2581', Metaspace.PrependScheme.NEVER).decode(List.of("\u2581Hey")));
    }

    @Test
    void byteLevelDecodesBytesAndPassesOtherTokensThrough() {
        Decoder d = Decoders.byteLevel();
        assertEquals("<|endoftext|> \u00e9", d.decode(List.of("<|endoftext|>", "\u0120\u00c3\u00a9")));
        assertEquals("\uFFFD", d.decode(List.of("\u00c3")));
    }

    @Test
    void bpeSuffixBecomesSpace() {
        assertEquals("hello world", Decoders.bpe("</w>").decode(List.of("hel", "lo</w>", "world</w>")));
    }
}
