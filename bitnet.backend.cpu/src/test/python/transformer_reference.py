"""Expected values of TransformerReferenceTest (bitnet.backend.cpu), computed independently of the Java code.

Run: python3 transformer_reference.py  (NumPy; prints the float32 literals pasted into the test)

RoPE (rotate-half / NEOX pairing, as Hugging Face Llama): for i < d/2, angle = pos * theta^(-2i/d),
out[i] = x[i] cos - x[i+d/2] sin, out[i+d/2] = x[i+d/2] cos + x[i] sin; computed in float64, rounded once.
The interleaved pairing (2i, 2i+1) is printed too, to show the test tells them apart.
Attention: softmax(q.k * scale) v over the visible cache positions, float64.
"""
import numpy as np


def rope_half(x, pos, theta):
    d = len(x)
    h = d // 2
    inv = theta ** (-2.0 * np.arange(h) / d)
    a = pos * inv
    c, s = np.cos(a), np.sin(a)
    return np.concatenate([x[:h] * c - x[h:] * s, x[h:] * c + x[:h] * s])


def rope_interleaved(x, pos, theta):
    d = len(x)
    inv = theta ** (-2.0 * np.arange(d // 2) / d)
    a = pos * inv
    c, s = np.cos(a), np.sin(a)
    ev, od = x[0::2], x[1::2]
    out = np.empty(d)
    out[0::2] = ev * c - od * s
    out[1::2] = od * c + ev * s
    return out


def lit(v):
    return ", ".join(np.format_float_positional(np.float32(e), unique=True, trim="0") + "f" for e in v)


x = np.array([1.0, 2.0, 3.0, 4.0])
for theta in (10000.0, 500000.0):
    for pos in (0, 1, 7):
        print(f"rope theta={theta:g} pos={pos}: {{{lit(rope_half(x, pos, theta))}}}")
print(f"interleaved theta=10000 pos=1: {{{lit(rope_interleaved(x, 1, 10000.0))}}}")


def attend(q, keys, values, visible, scale=1.0):
    s = np.array([np.dot(q, k) for k in keys[:visible]]) * scale
    e = np.exp(s - s.max())
    p = e / e.sum()
    return p @ values[:visible]


ln3 = np.float64(np.float32(np.log(3.0)))  # the query holds float32(ln 3)
print("float32(ln 3) =", lit([np.log(3.0)]))
keys = np.array([[1, 0], [0, 1], [10, 10], [50, 50]], dtype=np.float64)
values = np.array([[1, 2], [3, 4], [100, 100], [1000, 1000]], dtype=np.float64)
for t, visible in ((0, 2), (1, 3)):  # start = 1: row t sits at position 1 + t
    for h, q in ((0, np.array([ln3, 0.0])), (1, np.array([0.0, 0.0]))):
        print(f"attention row {t} head {h}: {{{lit(attend(q, keys, values, visible))}}}")
