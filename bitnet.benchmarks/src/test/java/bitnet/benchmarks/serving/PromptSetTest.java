package bitnet.benchmarks.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class PromptSetTest {
    @Test
    void pairsArePromptMajorAndAPairKeepsItsSeed() {
        List<PromptSet.Pair> two = PromptSet.pairs(2, 2);
        assertEquals(List.of(new PromptSet.Pair(0, "Name three colours.", 1000),
                new PromptSet.Pair(1, "Name three colours.", 1001),
                new PromptSet.Pair(2, "What is a ternary weight?", 1100),
                new PromptSet.Pair(3, "What is a ternary weight?", 1101)), two);
        // The second prompt's first seed does not depend on how many seeds each prompt has.
        assertEquals(1100, PromptSet.pairs(2, 1).get(1).seed());
        assertEquals(1100, PromptSet.pairs(2, 5).get(5).seed());
        assertEquals(64, PromptSet.pairs(8, 8).stream().map(PromptSet.Pair::seed).distinct().count());
    }
}
