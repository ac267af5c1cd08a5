#!/usr/bin/env python3
"""Float64 goldens for the session tests of bitnet.inference (StoppingTest, ChatTest, ContextTest), computed with
the tiny checkpoints' own reference forward pass (bitnet.model/src/test/python/reference.py), not the Java runtime.

Rebuilds model-a exactly as gen_tiny_models.py does (same seed, same rounding-tie clearing for the reference prompt),
then writes:
- "stop": a two-token prompt [BOS, p] whose greedy continuation reaches a stop token (<|end_of_text|> 510 or
  <|eot_id|> 511) after at least two ordinary tokens: the first such p whose greedy run is robust (below).
- "chat": two chat turns on model-a, each the greedy continuation (at most CHAT_TOKENS tokens) of the conversation
  rendered with Jinja2 from the 2B4T template and encoded by the generator's own BPE encoder; the first answer's
  text is the assistant message of the second turn. The first question of QUESTIONS (after the system message,
  then alone) whose two turns are robust and answer in printable text (no U+FFFD: the tests should not depend on
  how a decoder replaces broken UTF-8).

Robust: unlike the reference prompt, these sequences were not used to move the norms away from rounding ties, so
some activations x*s lie close to a k + 0.5 boundary, where a float32 runtime may round the other way. A greedy run
is kept only when every step's best logit beats the second by MARGIN, and the same run with every activation within
FLIP of a boundary rounded the other way gives the same ids with margins of at least MARGIN / 2.

Run from the repository root (numpy, regex, Jinja2; deterministic):
    python3 bitnet.inference/src/test/python/gen_session_goldens.py
"""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3].parent
sys.path.insert(0, str(ROOT / "bitnet.model" / "src" / "test" / "python"))
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import jinja2.sandbox  # noqa: E402
import numpy as np  # noqa: E402

import gen_tiny_models as gen  # noqa: E402
import reference as ref  # noqa: E402
from tiny_tokenizer import Tokenizer  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "resources" / "session-goldens.json"
STOP_STEPS = 12           # greedy steps searched for a stop token
MIN_BEFORE_STOP = 2       # ordinary tokens before the stop token
MARGIN = 0.02             # best minus second logit at every greedy step
FLIP = 1e-3               # activations this close to a rounding boundary are rounded the other way once
CHAT_TOKENS = 6
SYSTEM = {"role": "system", "content": "You are a helpful assistant."}
QUESTIONS = ["What is the capital of France?", "Tell me a joke.", "Hello, how are you today?", "What time is it?",
             "Name a colour.", "Where is the fox?", "Who are you?", "Write a poem.", "Is the dog lazy?",
             "Say something simple."]
SECOND = {"role": "user", "content": "And then?"}


def greedy_run(model, prompt, steps, stops):
    """Greedy ids (ending at the first stop id, which is included), the margin of each step, and the smallest
    distance of any activation from a rounding boundary."""
    ids, out, margins, distances = list(prompt), [], [], []
    trace = lambda layer, point, h: distances.append(float(ref.distance_to_half(ref.activation_quant(h)[2]).min()))
    for _ in range(steps):
        last = ref.forward(model, ids, trace)[-1]
        order = np.argsort(-last, kind="stable")
        out.append(int(order[0]))
        margins.append(float(last[order[0]] - last[order[1]]))
        ids.append(int(order[0]))
        if out[-1] in stops:
            break
    return out, margins, min(distances)


def flipped_quant(x):
    """activation_quant with every x*s within FLIP of a k + 0.5 boundary rounded to the other side."""
    q, s, scaled = EXACT_QUANT(x)
    near = ref.distance_to_half(scaled) < FLIP
    other = np.where(scaled - np.floor(scaled) < 0.5, np.floor(scaled) + 1, np.floor(scaled))
    return np.clip(np.where(near, other, q), -128, 127), s, scaled


EXACT_QUANT = ref.activation_quant


def greedy_checked(model, prompt, steps, stops):
    """greedy_run plus the robustness check; None when the run is not robust."""
    out, margins, distance = greedy_run(model, prompt, steps, stops)
    if min(margins) < MARGIN:
        return None
    ref.activation_quant = flipped_quant
    try:
        flipped, flipped_margins, _ = greedy_run(model, prompt, steps, stops)
    finally:
        ref.activation_quant = EXACT_QUANT
    if flipped != out or min(flipped_margins) < MARGIN / 2:
        return None
    return out, margins, distance, min(flipped_margins)


def printable(text):
    return text.isprintable() and "\ufffd" not in text


def stop_run(model, tok, p, stops):
    run = greedy_checked(model, [tok.bos(), p], STOP_STEPS, stops)
    if run is None or run[0][-1] not in stops or len(run[0]) <= MIN_BEFORE_STOP:
        return None
    out, margins, distance, flipped_margin = run
    if not printable(tok.decode(out[:-1])):
        return None
    return {"model": "model-a", "prompt_ids": [tok.bos(), p], "generated_ids": out, "stop_id": out[-1],
            "text_before_stop": tok.decode(out[:-1]), "min_margin": min(margins),
            "min_margin_flipped": flipped_margin, "min_boundary_distance": distance}


def chat_turns(model, tok, render, stops, first):
    turns, messages = [], list(first)
    for new in (None, SECOND):
        if new is not None:
            messages = messages + [{"role": "assistant", "content": turns[-1]["answer_text"]}, new]
        ids = tok.encode(render(messages))
        run = greedy_checked(model, ids, CHAT_TOKENS, stops)
        if run is None:
            return None
        out, margins, distance, flipped_margin = run
        answer = out[:-1] if out[-1] in stops else out
        if not printable(tok.decode(answer)):
            return None
        turns.append({"messages": messages, "rendered": render(messages), "ids": ids, "generated_ids": out,
                      "answer_ids": answer, "answer_text": tok.decode(answer), "min_margin": min(margins),
                      "min_margin_flipped": flipped_margin, "min_boundary_distance": distance})
    return turns


def main():
    tok = Tokenizer.train()
    prompt = tok.encode(gen.PROMPT_TEXT)[:gen.PROMPT_LENGTH]
    model = gen.settle(gen.specs(tok.size)[0], prompt).model
    stops = {tok.eos(), tok.eot()}

    stop = None
    for p in range(tok.bos()):
        stop = stop_run(model, tok, p, stops)
        if stop is not None:
            break
    if stop is None:
        raise RuntimeError("no prompt reaches a stop token robustly after printable text")

    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(gen.CHAT_TEMPLATE)
    render = lambda messages: template.render(messages=messages, bos_token="<|begin_of_text|>",
                                              add_generation_prompt=True)
    turns = None
    for question in QUESTIONS:
        for first in ([SYSTEM, {"role": "user", "content": question}], [{"role": "user", "content": question}]):
            turns = chat_turns(model, tok, render, stops, first)
            if turns is not None:
                break
        if turns is not None:
            break
    if turns is None:
        raise RuntimeError("no question gives two robust, printable chat turns")

    doc = {"generated_by": "bitnet.inference/src/test/python/gen_session_goldens.py (float64 reference.py)",
           "stop": stop, "chat": {"max_tokens": CHAT_TOKENS, "turns": turns}}
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(doc, ensure_ascii=False)[:2000])


if __name__ == "__main__":
    main()
