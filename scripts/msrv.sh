#!/usr/bin/env bash
# Minimum supported Rust of the no_std side: Rust 1.85, Debian's packaged compiler (`rustc-web`,
# `cargo-web`: /usr/bin/rustc and /usr/bin/cargo), what kernel trees commonly build with.
#
# (a) the standalone export (README "Kernel and firmware trees without cargo") with that bare
#     rustc: each SoC's lib.rs alone, then the runtime, lib.rs, socgen_bam, socgen_qce and
#     driver.rs in the order driver.rs lists, with the exact commands it lists;
# (b) socgen-runtime, qcom-socs (shipped sources, no `regenerate`), socgen-bam and socgen-qce
#     with that compiler's cargo, without --ignore-rust-version, so a crate whose rust-version
#     says more than 1.85, or one that pulls in the generator, fails here too.
#
# The generator itself is built by the workspace toolchain (rust-version 1.95). Override the
# compilers with MSRV_RUSTC / MSRV_CARGO. Install on Debian 12:
#   apt-get install rustc-web='1.85.*' cargo-web='1.85.*'
set -euo pipefail
cd "$(dirname "$0")/.."

msrv=1.85
rustc_msrv=${MSRV_RUSTC:-/usr/bin/rustc}
cargo_msrv=${MSRV_CARGO:-/usr/bin/cargo}
rustdoc_msrv=$(dirname "$rustc_msrv")/rustdoc
out=target/msrv
start=$SECONDS

die() {
  echo "!!! msrv: $*" >&2
  exit 1
}
for tool in "$rustc_msrv" "$cargo_msrv"; do
  [ -x "$tool" ] || die "$tool not found: apt-get install rustc-web='$msrv.*' cargo-web='$msrv.*' (or set MSRV_RUSTC/MSRV_CARGO)"
  version=$("$tool" --version)
  case "$version" in
    "rustc $msrv."* | "cargo $msrv."*) echo "msrv: $tool: $version" ;;
    *) die "$tool is '$version', not $msrv" ;;
  esac
done

echo "== msrv (a): standalone export, bare $("$rustc_msrv" --version)"
export_dir=$out/export
rm -rf "$export_dir"
cargo run -q -p socgen -- generate --lang rust --soc sm8550 --soc apq8064 --out "$export_dir" 2>/dev/null \
  || die "socgen generate failed (run it without 2>/dev/null to see why)"
for soc in sm8550 apq8064; do
  dir=$export_dir/rust/$soc
  echo "-- $soc: lib.rs alone (--edition 2021)"
  (cd "$dir" && "$rustc_msrv" -D warnings --crate-type rlib --edition 2021 -C panic=abort lib.rs) || die "$soc: lib.rs alone does not build with $msrv"
  commands=$(sed -n 's#^//! rustc ##p' "$dir/driver.rs")
  [ -n "$commands" ] || die "$soc: driver.rs lists no rustc commands"
  while read -r args; do
    echo "-- $soc: rustc $args"
    # Word splitting is intended: the arguments as driver.rs lists them (no spaces in them).
    # shellcheck disable=SC2086
    (cd "$dir" && "$rustc_msrv" -D warnings $args) || die "$soc: this step does not build with $msrv"
  done <<<"$commands"
  [ -f "$dir/libsocgen_driver.rlib" ] || die "$soc: no libsocgen_driver.rlib"
done
[ -f "$export_dir/rust/sm8550/libsocgen_qce.rlib" ] || die "sm8550: the QCE driver was not built"

echo "== msrv (b): no_std crates, $("$cargo_msrv" --version)"
# --offline: these crates have no dependencies outside the workspace, but cargo resolves the
# whole workspace from the registry index it has cached; on a machine where the workspace was
# never built that cache is empty, and the build is retried online. --locked: Cargo.lock as
# committed. A separate target dir: the workspace's belongs to the newer toolchain.
msrv_cargo() {
  local log=$out/cargo.log
  mkdir -p "$out"
  for network in --offline ""; do
    # shellcheck disable=SC2086
    if RUSTC="$rustc_msrv" RUSTDOC="$rustdoc_msrv" RUSTFLAGS="-D warnings" \
      "$cargo_msrv" build $network --locked --target-dir "$out/cargo" "$@" 2>"$log"; then
      cat "$log" >&2
      return 0
    fi
    cat "$log" >&2
    if [ -n "$network" ] && grep -q "offline" "$log"; then
      echo "msrv: the registry index is not cached for cargo --offline; retrying online" >&2
      continue
    fi
    break
  done
  die "cargo $msrv: build $* failed"
}
msrv_cargo -p socgen-runtime -p qcom-socs -p socgen-bam -p socgen-qce \
  --features qcom-socs/sm8550,qcom-socs/apq8064,socgen-bam/testing
msrv_cargo -p qcom-socs --features qcom-socs/all
echo "msrv: the no_std crates and the standalone export build with Rust $msrv ($((SECONDS - start)) s)"
