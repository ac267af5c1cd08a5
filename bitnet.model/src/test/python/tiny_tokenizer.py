"""A tiny byte-level BPE tokenizer in Hugging Face's tokenizer.json layout, LLaMA-3 style (as BitNet b1.58 2B4T).

Vocabulary: the 256 GPT-2 byte characters (ids 0..255, in GPT-2's byte order), then MERGES merges learned greedily
from TRAINING_TEXT (ids 256..), then the special tokens <|begin_of_text|>, <|end_of_text|>, <|eot_id|>: 512 in all.
Pre-tokenizer: LLaMA-3's Split regex (Isolated) then ByteLevel without its own regex; post-processor adds
<|begin_of_text|>; decoder ByteLevel. `encode` here is this script's own implementation of that pipeline, used
for the prompt ids and the chat reference ids (it is not Hugging Face's `tokenizers`).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import regex

LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")
SPECIAL_TOKENS = ("<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>")
VOCAB_SIZE = 512
MERGES = VOCAB_SIZE - 256 - len(SPECIAL_TOKENS)  # 253

# Original text written for this generator; plain English with contractions, digits, punctuation and line ends.
TRAINING_TEXT = """\
The little model reads the text one token at a time. It doesn't know much, but it's quick, and it's honest
about what it knows. When the weights are ternary, every number in a matrix is minus one, zero or plus one,
and the scale that multiplies them is the only real number that is left. That's the whole idea of the
ternary network: store less, compute less, and still answer the question that the user asked.

We'll test the loader with these files. The loader reads the header, then the tensors, then the tokenizer.
If the loader reads the wrong row, the logits will be wrong, and the test will tell us. If the loader reads
the right row but the wrong scale, the test will tell us too. There are 2 layers in the first model and 3 layers
in the second one; the first has 4 heads that share 2 key value heads, the second has 8 heads of its own.

A user says: "Hello, how are you today?" The assistant answers: "I'm fine, thank you. What would you like
to know?" The user asks about the weather, the time, the number 42, and the price of 7 apples at 35 cents.
They're simple questions, and the answers should be simple too. I've seen the model answer them, and you'll
see it as well, once the runtime can read every layout: safetensors with packed weights, GGUF with I2_S,
TQ1_0, TQ2_0, Q8_0 and F16 tensors, and the tokenizer that turns the text into the tokens the model reads.

The quick brown fox jumps over the lazy dog. The dog doesn't mind; it sleeps in the sun, and the fox runs
into the forest, where the trees are tall and the light is green. In the morning the birds sing, and in the
evening the wind is quiet. It's a good place to think about numbers, and about the things that numbers can't
say. The model can't say much either, but it will say the same thing every time, and that is what a test needs.
"""


def byte_to_char() -> dict:
    """GPT-2's reversible map from bytes to printable characters, in GPT-2's id order."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1))
                 + list(range(ord("\u00ae"), ord("\u00ff") + 1)))
    order, chars = list(printable), list(printable)
    extra = 0
    for b in range(256):
        if b not in printable:
            order.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(order, chars)}


BYTE_TO_CHAR = byte_to_char()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}
SPLIT = regex.compile(LLAMA3_PATTERN)


def to_byte_chars(piece: str) -> str:
    return "".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8"))


def learn_merges(text: str, count: int) -> list:
    """Greedy BPE: repeatedly merge the most frequent adjacent pair (ties: smallest pair in code-point order)."""
    words = collections.Counter(tuple(to_byte_chars(p)) for p in SPLIT.findall(text))
    merges = []
    for _ in range(count):
        pairs = collections.Counter()
        for word, freq in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] += freq
        if not pairs:
            raise ValueError("training text too small for %d merges" % count)
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        merges.append(best)
        merged = collections.Counter()
        for word, freq in words.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] += freq
        words = merged
    return merges


@dataclass
class Tokenizer:
    vocab: dict      # token string -> id, byte characters and merges (no special tokens)
    merges: list     # [(a, b)] in rank order
    specials: dict   # special token content -> id

    @staticmethod
    def train() -> "Tokenizer":
        vocab = {c: i for i, c in enumerate(BYTE_TO_CHAR.values())}
        merges = learn_merges(TRAINING_TEXT, MERGES)
        for a, b in merges:
            if a + b in vocab:
                raise ValueError("merge produced an existing token: %r" % (a + b))
            vocab[a + b] = len(vocab)
        specials = {s: len(vocab) + i for i, s in enumerate(SPECIAL_TOKENS)}
        return Tokenizer(vocab, merges, specials)

    @property
    def size(self) -> int:
        return len(self.vocab) + len(self.specials)

    def id_to_token(self) -> list:
        tokens = [None] * self.size
        for t, i in list(self.vocab.items()) + list(self.specials.items()):
            tokens[i] = t
        return tokens

    def bos(self) -> int:
        return self.specials["<|begin_of_text|>"]

    def eos(self) -> int:
        return self.specials["<|end_of_text|>"]

    def eot(self) -> int:
        return self.specials["<|eot_id|>"]

    def _bpe(self, word: str) -> list:
        if word in self.vocab:  # ignore_merges: true, as in LLaMA-3's tokenizer.json
            return [self.vocab[word]]
        rank = {pair: r for r, pair in enumerate(self.merges)}
        parts = list(word)
        while len(parts) > 1:
            candidates = [(rank.get((a, b), len(rank)), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            best_rank, i = min(candidates)
            if best_rank == len(rank):
                break
            parts[i:i + 2] = [parts[i] + parts[i + 1]]
        return [self.vocab[p] for p in parts]

    def encode(self, text: str, add_bos: bool = False) -> list:
        """Special tokens are matched in the text first; the rest is split, byte-mapped and merged."""
        ids = [self.bos()] if add_bos else []
        special = regex.compile("|".join(regex.escape(s) for s in self.specials))
        pos = 0
        for m in list(special.finditer(text)) + [None]:
            end = m.start() if m else len(text)
            for piece in SPLIT.findall(text[pos:end]):
                ids.extend(self._bpe(to_byte_chars(piece)))
            if m:
                ids.append(self.specials[m.group()])
                pos = m.end()
        return ids

    def decode(self, ids) -> str:
        tokens = self.id_to_token()
        out, buf = [], bytearray()
        for i in ids:
            t = tokens[i]
            if t in self.specials:
                out.append(buf.decode("utf-8", errors="replace"))
                buf = bytearray()
                out.append(t)
            else:
                buf.extend(CHAR_TO_BYTE[c] for c in t)
        out.append(buf.decode("utf-8", errors="replace"))
        return "".join(out)

    def tokenizer_json(self) -> dict:
        """Hugging Face tokenizer.json, in the shape of the LLaMA-3 (with BOS) tokenizer."""
        bos = "<|begin_of_text|>"
        added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                  "normalized": False, "special": True} for s, i in self.specials.items()]
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": LLAMA3_PATTERN}, "behavior": "Isolated", "invert": False},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
            "post_processor": {"type": "Sequence", "processors": [
                {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": bos, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                 "special_tokens": {bos: {"id": bos, "ids": [self.bos()], "tokens": [bos]}}}]},
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
                      "vocab": self.vocab, "merges": ["%s %s" % m for m in self.merges]},
        }

