#!/usr/bin/env bash
# Refreshes every checked-in file that something in this repository generates, after a change
# to socs/, an emitter, a driver or the simulator:
#   - files generated from socs/ (shipped qcom-socs sources, the runtime's BAM register values,
#     the BAM revisions of socgen-bam's tests, the JSON Schemas): codegen/tests/checked_in.rs
#   - the golden and catalogue snapshots of the emitters (insta)
#   - the compile-fail expectations (trybuild)
#   - the expected diagnostics of the bad-input suite
#   - the reports written from test runs: docs/QCE-VECTORS.md, docs/HARDWARE-MATRIX.md
# Each of these has a test that fails while its file is stale; this script is the one way to
# rewrite them all. Review `git diff` afterwards: a refresh must only show intended changes.
set -euo pipefail
cd "$(dirname "$0")/.."

SOCGEN_BLESS=1 cargo test -q -p socgen --test checked_in
INSTA_UPDATE=always cargo test -q -p socgen --test golden --test catalogue --test docs
find codegen/tests -name '*.snap.new' -delete
TRYBUILD=overwrite cargo test -q -p socgen-bam --features testing --test compile_fail
TRYBUILD=overwrite cargo test -q -p socgen-tests --test compile_fail
SOCGEN_BLESS=1 cargo test -q -p socgen-tests --test bad_inputs
SOCGEN_BLESS=1 cargo test -q -p socgen-tests --test qce_kernel_vectors
cargo run -q -p socgen-tests --release --bin hardware-matrix

git status --short
