package bitnet.tokenizer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.tokenizer.Encoding;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.testsupport.FuzzContract;
import bitnet.tokenizer.golden.Fixtures;
import bitnet.tokenizer.pipeline.PipelineTokenizer;

/**
 * Fuzzes encoding and decoding with the real tokenizers on any text: every UTF-16 code unit, unpaired surrogates
 * included, and texts repeated to a hundred thousand characters and more. Input: byte 0 picks the tokenizer (its low
 * two bits index {@link #NAMES}), whether special tokens are added (bit 4) and skipped when decoding (bit 5); byte 1
 * repeats the text: {@code 255} with bit 6 of byte 0 set repeats it until it is at least {@link #HUGE} chars long
 * (two conditions, so that the fuzzer, at about a second an input that long, spends most runs on short texts),
 * else {@code 1 + (b & 3)} times;
 * the rest is the text as UTF-16LE code units. The contract of {@link FuzzContract}, plus: the encoding is
 * consistent (equal array lengths, ids in the vocabulary, offsets inside the text), its ids decode, and the byte-level
 * tokenizers (llama3, gpt2) give back well-formed text exactly, as Hugging Face's do on every golden text.
 * Corpus: {@code TokenizerFuzzTestInputs/fuzz}, golden texts written by {@code src/test/python/make_fuzz_seeds.py}.
 */
class TokenizerFuzzTest {
    static final List<String> NAMES = List.of("llama3", "mistral", "gpt2", "bert-base-uncased");
    static final int HUGE = 1 << 16;
    private static final PipelineTokenizer[] TOKENIZERS = NAMES.stream().map(Fixtures::tokenizer)
            .toArray(PipelineTokenizer[]::new);
    /**
     * Heap per byte of text (two per char), linear in the length: up to 930 bytes a char measured without Jazzer
     * (mistral on U+FFFF: three byte-fallback tokens a char, each a string and array slots), up to 16.5 KB a char
     * under Jazzer's comparison hooks (gpt2 on a letter and a control char repeated, a word a char; see
     * {@link FuzzContract}).
     */
    private static final long HEAP_PER_BYTE = 16384;

    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int which = input[0] & 3;
        boolean addSpecial = (input[0] & 0x10) != 0;
        boolean skipSpecial = (input[0] & 0x20) != 0;
        boolean huge = (input[0] & 0x40) != 0 && (input[1] & 0xFF) == 255;
        String text = repeated(utf16(input), huge ? -1 : input[1] & 3);
        PipelineTokenizer tokenizer = TOKENIZERS[which];
        FuzzContract.holds(2L * text.length(), HEAP_PER_BYTE, () -> {
            Encoding e = tokenizer.encode(text, addSpecial);
            checkEncoding(e, text, tokenizer.vocabSize());
            String decoded;
            try {
                decoded = tokenizer.decode(e.ids(), skipSpecial);
            } catch (TokenizerException refused) {
                throw new AssertionError("the decoder refuses ids the encoder gave", refused);
            }
            boolean byteLevel = which == 0 || which == 2;
            if (byteLevel && !addSpecial && !skipSpecial && wellFormed(text)) {
                assertEquals(text, decoded, () -> NAMES.get(which) + " does not give the text back");
            }
        });
    }

    private static void checkEncoding(Encoding e, String text, int vocabSize) {
        int n = e.length();
        assertTrue(e.tokens().length == n && e.typeIds().length == n && e.offsetStarts().length == n
                && e.offsetEnds().length == n && e.specialTokensMask().length == n && e.attentionMask().length == n,
                "the encoding's arrays differ in length");
        // Messages are built only on failure: a huge text has a quarter of a million tokens.
        for (int i = 0; i < n; i++) {
            int id = e.ids()[i];
            int start = e.offsetStarts()[i];
            int end = e.offsetEnds()[i];
            if (id < 0 || id >= vocabSize) {
                fail("id " + id + " outside the vocabulary of " + vocabSize);
            }
            if (start < 0 || start > end || end > text.length()) {
                fail("token " + i + " has offsets [" + start + ", " + end + ") in a text of " + text.length());
            }
        }
    }

    private static String utf16(byte[] input) {
        char[] chars = new char[(input.length - 2) / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((input[2 + 2 * i] & 0xFF) | (input[3 + 2 * i] & 0xFF) << 8);
        }
        return new String(chars);
    }

    /** @param extra further copies, or -1 for as many as make {@link #HUGE} chars */
    private static String repeated(String text, int extra) {
        if (text.isEmpty()) {
            return text;
        }
        return text.repeat(extra < 0 ? (HUGE + text.length() - 1) / text.length() : 1 + extra);
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
