"""Writes the seed corpora of the tokenizer fuzz targets from the real fixtures (run from the module folder).

TokenizerJsonFuzzTestInputs/fuzz: each fixture's tokenizer.json cut to its first 300 vocabulary entries and the
first 40 merges whose parts are among them (so that a seed is a few KB, a size the fuzzer mutates well), plus a
hand-written WordLevel file.
TokenizerFuzzTestInputs/fuzz: golden texts, in the input layout TokenizerFuzzTest reads: byte 0 picks the
tokenizer and the flags, byte 1 the repetition, then the text as UTF-16LE code units. (The huge-* inputs there
came from fuzzing runs.)
"""
import gzip
import json
import os

RES = "src/test/resources"
MODELS = RES + "/tokenizers/models"
GOLDEN = RES + "/tokenizers/golden"
JSON_SEEDS = RES + "/bitnet/tokenizer/fuzz/TokenizerJsonFuzzTestInputs/fuzz"
TEXT_SEEDS = RES + "/bitnet/tokenizer/fuzz/TokenizerFuzzTestInputs/fuzz"
NAMES = ["llama3", "mistral", "gpt2", "bert-base-uncased"]  # the order TokenizerFuzzTest picks from


def trimmed(name):
    d = json.loads(gzip.open(f"{MODELS}/{name}.tokenizer.json.gz").read())
    m = d["model"]
    kept = {t: i for t, i in m["vocab"].items() if i < 300}
    m["vocab"] = kept
    if "merges" in m:
        merges = []
        for merge in m["merges"]:
            a, b = merge.split(" ", 1) if isinstance(merge, str) else merge
            if a in kept and b in kept and a + b in kept:
                merges.append(merge)
            if len(merges) == 40:
                break
        m["merges"] = merges
    d["added_tokens"] = (d.get("added_tokens") or [])[:5]
    return d


def main():
    os.makedirs(JSON_SEEDS, exist_ok=True)
    os.makedirs(TEXT_SEEDS, exist_ok=True)
    for name in NAMES:
        with open(f"{JSON_SEEDS}/{name}.json", "w", encoding="utf-8") as f:
            json.dump(trimmed(name), f, ensure_ascii=False, separators=(",", ":"))
    word_level = {"model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hello": 1, "world": 2, "!": 3},
                            "unk_token": "[UNK]"},
                  "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
                  "added_tokens": [{"id": 4, "content": "[SEP]", "special": True}]}
    with open(f"{JSON_SEEDS}/word-level.json", "w", encoding="utf-8") as f:
        json.dump(word_level, f, separators=(",", ":"))

    records = [json.loads(line) for line in gzip.open(f"{GOLDEN}/llama3.jsonl.gz").read().decode().split("\n")
               if line]
    picked = [r for r in records if 0 < len(r["text"]) <= 200][::60][:32]
    for i, r in enumerate(picked):
        head = bytes([i % len(NAMES) | (0x10 if i % 3 == 0 else 0), 1])
        with open(f"{TEXT_SEEDS}/golden-{r['id']}", "wb") as f:
            f.write(head + r["text"].encode("utf-16-le", "surrogatepass"))


if __name__ == "__main__":
    main()
