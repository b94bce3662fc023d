#!/usr/bin/env bash
# Builds consumer crates from the packaged workspace, as a firmware project would see the
# published crates: `cargo package --workspace`, the .crate files unpacked outside the repository,
# and tests/consumer/{firmware,mychip,socs-dir} copied beside them with [patch.crates-io] entries
# pointing at the unpacked crates, each built --offline from an empty target directory.
#
#   bash scripts/consumer.sh            package (--no-verify: the consumers are the verification)
#   bash scripts/consumer.sh --verify   also let cargo package verify every crate (slower)
#   bash scripts/consumer.sh --prepare  only package, unpack and copy the consumers (scripts/bench.sh)
#
# Work directory: $SOCGEN_CONSUMER_DIR, default $CARGO_TARGET_DIR/consumer (wiped first).
# Third-party crates come from cargo's local cache (the workspace build fetched them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
verify=(--no-verify)
prepare=0
case "${1:-}" in
  --verify) verify=() ;;
  --prepare) prepare=1 ;;
  "") ;;
  *) echo "consumer.sh: unknown option $1" >&2; exit 2 ;;
esac
target=${CARGO_TARGET_DIR:-$root/target}
work=${SOCGEN_CONSUMER_DIR:-$target/consumer}
case "$work" in /*) ;; *) work="$root/$work" ;; esac
rm -rf "$work"
mkdir -p "$work/crates"
start=$SECONDS
step() { echo "== consumer: $* ($((SECONDS - start)) s)"; }

step "cargo package --workspace ${verify[*]}"
# --allow-dirty: this checks what the packages contain, not whether the tree is committed.
# socgen-tests is publish = false: packaging it would prove nothing a consumer sees.
cargo package --workspace --exclude socgen-tests --allow-dirty "${verify[@]}" --offline --target-dir "$target" -q
shopt -s nullglob
crates=()
for c in "$target"/package/*-0.1.0.crate; do
  case "$c" in */socgen-tests-*) ;; *) crates+=("$c") ;; esac
done
[ ${#crates[@]} -gt 0 ] || { echo "consumer: no .crate files in $target/package" >&2; exit 1; }
patch="[patch.crates-io]"
for c in "${crates[@]}"; do
  tar -xzf "$c" -C "$work/crates"
  dir=$(basename "$c" .crate)
  patch+=$'\n'"${dir%-0.1.0} = { path = \"$work/crates/$dir\" }"
done
step "unpacked: $(cd "$work/crates" && echo *)"

for name in firmware mychip socs-dir; do
  cp -r "tests/consumer/$name" "$work/$name"
  rm -rf "$work/$name/target" "$work/$name/Cargo.lock"
  printf '\n%s\n' "$patch" >> "$work/$name/Cargo.toml"
done

if [ "$prepare" = 1 ]; then
  step "prepared in $work"
  exit 0
fi

# Nothing may come from the repository: the consumers see only the unpacked packages.
export CARGO_TARGET_DIR="$work/target"
unset SOCGEN_SOCS_DIR SOCGEN_SOCS

step "firmware: no_std lib on qcom-socs (sm8550, shipped code) and socgen-bam"
(cd "$work/firmware" && cargo build --offline -q)
# The shipped code path must not pull in the generator.
if (cd "$work/firmware" && cargo tree --offline -e build,normal -i socgen 2>/dev/null | grep -q socgen); then
  echo "consumer: firmware's build depends on socgen; qcom-socs must not need it" >&2
  exit 1
fi
for t in thumbv7em-none-eabihf aarch64-unknown-none; do
  if rustup target list --installed 2>/dev/null | grep -qx "$t"; then
    (cd "$work/firmware" && cargo build --offline -q --target "$t")
    step "firmware built for $t"
  fi
done

step "mychip: soc!(\"socs/mychip.yaml\"), blocks from the bundled catalogue"
(cd "$work/mychip" && cargo build --offline -q)

step "socs-dir: qcom-socs regenerate, SOCGEN_SOCS_DIR + SOCGEN_SOCS=mychip"
(cd "$work/socs-dir" && SOCGEN_SOCS_DIR="$work/mychip/socs" SOCGEN_SOCS=mychip cargo build --offline -q)

step "SOCGEN_SOCS naming no SoC, and SOCGEN_SOCS_DIR without regenerate, fail and say why"
expect_fail() { # DIR PATTERN ENV...: the build fails and its output matches PATTERN
  local dir=$1 pattern=$2; shift 2
  if (cd "$dir" && env "$@" cargo build --offline -q) > "$work/fail.log" 2>&1; then
    echo "consumer: built in $dir with $* although it should fail" >&2; exit 1
  fi
  grep -q "$pattern" "$work/fail.log" || { echo "consumer: expected '$pattern' in:" >&2; cat "$work/fail.log" >&2; exit 1; }
}
expect_fail "$work/socs-dir" "SOCGEN_SOCS names \`nochip\`, which is not a SoC" \
  SOCGEN_SOCS_DIR="$work/mychip/socs" SOCGEN_SOCS=nochip
expect_fail "$work/firmware" "without the \`regenerate\` feature" SOCGEN_SOCS_DIR="$work/mychip/socs"

step "a bad consumer SoC fails with file:line:col"
bad="$work/mychip-bad"
cp -r "$work/mychip" "$bad"
sed -i 's/block: qce@v5/block: qce@v9/' "$bad/socs/mychip.yaml"
sed -i 's/^name = "consumer-mychip"/name = "consumer-mychip-bad"/' "$bad/Cargo.toml"
if (cd "$bad" && cargo build --offline -q) > "$work/bad.log" 2>&1; then
  echo "consumer: an unknown block revision compiled" >&2
  exit 1
fi
grep -q "socs/mychip.yaml:[0-9]*:[0-9]*: error\[" "$work/bad.log" || {
  echo "consumer: the error does not name file:line:col:" >&2
  cat "$work/bad.log" >&2
  exit 1
}
step "ok"
