#!/bin/bash
# Builds the Metal fragment's native files on macOS (run by the native-macos Maven profile):
#   libbitnet_metal.dylib    the Objective-C shim (needs the Xcode Command Line Tools: clang, Metal.framework)
#   bitnet_metal.metallib    the kernels, compiled ahead of time (needs full Xcode: xcrun metal / metallib);
#                            without it the backend compiles the same sources at activation instead.
# Usage: build.sh SHADER_DIR OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shaders="$1"
out="$2"
mkdir -p "$out"

clang -fobjc-arc -O2 -Wall -Wextra -dynamiclib -arch arm64 -mmacosx-version-min=13.0 \
    -install_name @rpath/libbitnet_metal.dylib \
    -framework Metal -framework Foundation \
    -I "$here" "$here/bitnet_metal.m" -o "$out/libbitnet_metal.dylib"
echo "built $out/libbitnet_metal.dylib"

if xcrun -sdk macosx -f metal >/dev/null 2>&1; then
    air="$(mktemp -d)"
    for f in elementwise matmul rows quant; do
        # Fast math off: rint must round half to even and divisions must be IEEE, as in the Java reference.
        xcrun -sdk macosx metal -c -fno-fast-math -I "$shaders" "$shaders/$f.metal" -o "$air/$f.air"
    done
    xcrun -sdk macosx metallib "$air"/*.air -o "$out/bitnet_metal.metallib"
    rm -rf "$air"
    echo "built $out/bitnet_metal.metallib"
else
    echo "no Metal compiler (xcrun metal needs Xcode, not only the Command Line Tools):"
    echo "the backend will compile the bundled shader sources when it activates"
fi
