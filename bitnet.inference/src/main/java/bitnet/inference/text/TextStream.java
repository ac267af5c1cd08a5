package bitnet.inference.text;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import bitnet.api.inference.InferenceException;
import bitnet.api.tokenizer.Tokenizer;

/**
 * Turns generated token ids, fed one at a time, into the text a user sees, and watches for stop strings.
 *
 * <p>Each id's text is the difference between decoding a short window of recent ids with and without it (the window
 * gives decoders that depend on context, such as Metaspace, their left neighbour). Byte-level BPE can split a UTF-8
 * character across ids: while the decoded text ends in U+FFFD the id's text is held back, and arrives with the id that
 * completes the character, so no replacement character is ever shown for an incomplete sequence.
 *
 * <p>Text that could be the start of a stop string is held back as well. When a stop string appears, the text before
 * it is the last text emitted and the stream stops; the stop string itself is never emitted.
 *
 * <p>Not thread-safe: one stream per generation.
 */
public final class TextStream {
    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private final List<String> stops;

    private int[] ids = new int[64];
    private int count;
    // ids[prefixOffset, readOffset) were already turned into text; they are decoded again only as context.
    private int prefixOffset;
    private int readOffset;

    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder emitted = new StringBuilder();
    private String stoppedOn;
    private boolean finished;

    /**
     * A stream that leaves special tokens out of the text.
     *
     * @param tokenizer the model's tokenizer
     * @param stopStrings strings that end the text, none empty
     * @throws InferenceException if a stop string is empty
     */
    public TextStream(Tokenizer tokenizer, List<String> stopStrings) {
        this(tokenizer, stopStrings, true);
    }

    /**
     * @param tokenizer the model's tokenizer
     * @param stopStrings strings that end the text, none empty
     * @param skipSpecialTokens whether special tokens are left out of the text (as {@link Tokenizer#decode} does)
     * @throws InferenceException if a stop string is empty
     */
    public TextStream(Tokenizer tokenizer, List<String> stopStrings, boolean skipSpecialTokens) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.stops = List.copyOf(stopStrings);
        this.skipSpecialTokens = skipSpecialTokens;
        for (String s : stops) {
            if (s.isEmpty()) {
                throw new InferenceException("stop strings must not be empty");
            }
        }
    }

    /**
     * @param tokenId the next generated token
     * @return the text this token makes visible, possibly empty (held back, or a special token left out)
     * @throws InferenceException if the stream has stopped or finished, or the id is outside the vocabulary
     */
    public String accept(int tokenId) {
        if (stoppedOn != null || finished) {
            throw new InferenceException("the text stream has " + (finished ? "finished" : "stopped on '"
                    + stoppedOn + "'") + "; it takes no more tokens");
        }
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = tokenId;
        String before = decode(prefixOffset, readOffset);
        String after = decode(prefixOffset, count);
        if (after.length() > before.length() && !after.endsWith("\uFFFD")) {
            pending.append(after, before.length(), after.length());
            prefixOffset = readOffset;
            readOffset = count;
        }
        return release(false);
    }

    /**
     * Ends the stream: text held back because it could start a stop string is released, and so is an incomplete
     * UTF-8 sequence (as U+FFFD, as a full decode shows it).
     *
     * @return the remaining visible text, possibly empty
     */
    public String finish() {
        if (stoppedOn != null || finished) {
            return "";
        }
        if (readOffset < count) {
            String before = decode(prefixOffset, readOffset);
            String after = decode(prefixOffset, count);
            if (after.length() > before.length()) {
                pending.append(after, before.length(), after.length());
            }
            readOffset = count;
        }
        String out = release(true);
        finished = true;
        return out;
    }

    /** @return whether a stop string appeared */
    public boolean stopped() {
        return stoppedOn != null;
    }

    /** @return the stop string that appeared, or null */
    public String stopString() {
        return stoppedOn;
    }

    /** @return all text emitted so far */
    public String text() {
        return emitted.toString();
    }

    private String decode(int from, int to) {
        return from == to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), skipSpecialTokens);
    }

    /** Emits what is pending up to a stop string, or up to what could still become one. */
    private String release(boolean all) {
        int stopAt = -1;
        for (String s : stops) {
            int i = pending.indexOf(s);
            if (i >= 0 && (stopAt < 0 || i < stopAt || i == stopAt && s.length() > stoppedOn.length())) {
                stopAt = i;
                stoppedOn = s;
            }
        }
        int end = stopAt >= 0 ? stopAt : all ? pending.length() : pending.length() - heldBack();
        String out = pending.substring(0, end);
        pending.delete(0, stopAt >= 0 ? pending.length() : end);
        emitted.append(out);
        return out;
    }

    /** @return the length of the longest end of pending that is a proper start of a stop string */
    private int heldBack() {
        String p = pending.toString();
        int best = 0;
        for (String s : stops) {
            for (int n = Math.min(s.length() - 1, p.length()); n > best; n--) {
                if (p.regionMatches(p.length() - n, s, 0, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }
}
