#!/usr/bin/env bash
# Seeds both fuzz corpora from the bundled catalogue: every SoC file prefixed with `S`, every
# block revision with `B` (the mode byte, see fuzz_targets/common.rs).
set -euo pipefail
cd "$(dirname "$0")"
for target in load_validate generate; do
    mkdir -p "corpus/$target"
    for f in ../socs/*.yaml; do
        { printf 'S'; cat "$f"; } > "corpus/$target/seed-soc-$(basename "$f" .yaml)"
    done
    for f in ../socs/blocks/*/*.yaml; do
        b=$(basename "$(dirname "$f")")
        { printf 'B'; cat "$f"; } > "corpus/$target/seed-block-$b-$(basename "$f" .yaml)"
    done
done
# The dtb target: the test blobs of codegen/tests/dts/, compiled with dtc when it is installed.
if command -v dtc >/dev/null; then
    mkdir -p corpus/dtb
    for f in ../codegen/tests/dts/*.dts; do
        dtc -q -I dts -O dtb -@ -o "corpus/dtb/seed-$(basename "$f" .dts)" "$f"
    done
fi
