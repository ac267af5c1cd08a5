#!/bin/bash
# What can be checked of the native sources without a Mac (needs gcc and g++; not part of the Maven build):
#  1. the C header's and the kernel parameters' struct layouts (offsetof/sizeof on an LP64 compiler, the same type sizes as arm64 macOS);
#  2. the Metal kernels parse and type-check as C++ against a stub of metal_stdlib (g++ -fsyntax-only).
# Neither compiles Objective-C or runs Metal's compiler; see docs/metal-mlx.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
native="$here/../../main/native"
shaders="$here/../../../../bitnet.backend.metal/src/main/resources/shaders"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -std=c11 -Wall -Wextra -pedantic -I "$native" "$here/offsets.c" -o "$work/offsets"
gcc -std=c11 -Wall -Wextra -pedantic -I "$shaders" "$here/params.c" -o "$work/params"
"$work/params"
"$work/offsets"
gcc -std=c11 -Wall -Wextra -pedantic -I "$shaders" "$here/params.c" -o "$work/params"
"$work/params"
for f in elementwise matmul rows quant; do
    # The stub defines the address-space keywords away, so the [[threadgroup(0)]] attribute is renamed first.
    sed 's/\[\[threadgroup(0)\]\]/[[tg0]]/' "$shaders/$f.metal" > "$work/$f.cpp"
    g++ -std=c++17 -fsyntax-only -Wall -Wextra -Wno-attributes -Wno-unused-parameter -I "$here" -I "$shaders" \
        "$work/$f.cpp"
    echo "$f.metal: parses and type-checks against the stub"
done
