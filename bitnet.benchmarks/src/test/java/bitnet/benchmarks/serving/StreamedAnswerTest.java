package bitnet.benchmarks.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

class StreamedAnswerTest {
    // Each line read advances the clock by 10 ns: the n-th line (from 1) arrives at 100 + 10 n.
    private static LongSupplier clock() {
        long[] t = {100};
        return () -> t[0] += 10;
    }

    private static final List<String> STREAM = List.of(
            "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                    + "\"content\":\"\"},\"finish_reason\":null}]}",
            "",
            ": keep-alive",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}",
            "",
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}",
            "",
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":null}",
            "",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}",
            "",
            "data: [DONE]",
            "");

    @Test
    void aCompleteStreamIsJoinedAndTimed() {
        StreamedAnswer a = StreamedAnswer.read(200, STREAM.iterator(), 100, clock());
        assertNull(a.error());
        assertTrue(a.ok());
        assertEquals("Hello", a.text());
        assertEquals("length", a.finishReason());
        assertEquals(5, a.promptTokens());
        assertEquals(3, a.completionTokens());
        // the pieces are lines 4 and 6
        assertArrayEquals(new long[] {140, 160}, a.pieceNanos());
        assertEquals(40, a.timeToFirstTokenNanos());
        assertEquals(10, a.timePerOutputTokenNanos()); // (160 - 140) / (3 - 1)
    }

    @Test
    void aStreamThatBreaksOffOrIsNotJsonIsAnError() {
        StreamedAnswer cut = StreamedAnswer.read(200, STREAM.subList(0, 7).iterator(), 100, clock());
        assertFalse(cut.ok());
        assertEquals("the stream ended without data: [DONE] after 'Hello'", cut.error());
        StreamedAnswer noUsage = StreamedAnswer.read(200, List.of("data: {\"choices\":[]}", "data: [DONE]")
                .iterator(), 100, clock());
        assertEquals("no usage before [DONE]", noUsage.error());
        StreamedAnswer garbage = StreamedAnswer.read(200, List.of("data: {oops").iterator(), 100, clock());
        assertTrue(garbage.error().startsWith("broken stream: "), garbage.error());
        StreamedAnswer inStream = StreamedAnswer.read(200, List.of("data: {\"error\":{\"message\":\"x\"}}").iterator(),
                100, clock());
        assertEquals("error event: {\"error\":{\"message\":\"x\"}}", inStream.error());
    }

    @Test
    void anotherStatusKeepsItsBody() {
        StreamedAnswer a = StreamedAnswer.read(429, List.of("{\"error\":", "{\"message\":\"full\"}}").iterator(), 100,
                clock());
        assertEquals("status 429: {\"error\":\n{\"message\":\"full\"}}", a.error());
        assertEquals(-1, a.timeToFirstTokenNanos());
        assertEquals(-1, a.timePerOutputTokenNanos());
    }
}
