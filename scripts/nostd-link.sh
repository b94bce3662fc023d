#!/usr/bin/env bash
# Proves the generated crate is no_std: builds tests/nostd-probe (a #![no_std] staticlib with its
# own panic handler that uses qcom-socs with one SoC feature, socgen-bam and socgen-qce) for the host, links
# it into a C program with gcc and runs it. Then tries the firmware targets if rustup can add
# them, and says loudly when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
probe=tests/nostd-probe
cargo build -q --release --manifest-path "$probe/Cargo.toml" --target-dir target/nostd
lib=target/nostd/release/libsocgen_nostd_probe.a
# --gc-sections, as firmware links do: the precompiled core objects carry unwinding tables
# (`rust_eh_personality`) that a panic=abort program never reaches.
gcc -std=c11 -Wall -Wextra -Werror -o target/nostd/probe "$probe/main.c" "$lib" -lpthread -ldl -Wl,--gc-sections
target/nostd/probe
for target in thumbv7em-none-eabihf aarch64-unknown-none; do
  if rustup target add "$target" >/dev/null 2>&1; then
    cargo build -q --release --manifest-path "$probe/Cargo.toml" --target-dir target/nostd --target "$target"
    echo "no_std: built for $target"
  else
    echo "!!! no_std: cannot add target $target here (offline?); host staticlib proof above still stands"
  fi
done
# The standalone export's drivers: bare rustc, in the order driver.rs
# documents, then a no_std staticlib on the lock-wrapped submit path (sm8550) and on an
# unlocked pipe of a BAM v1.4.0 (msm8974), each linked into its C check by gcc and run.
# LTO drops the precompiled core's unwinding tables, which name rust_eh_personality.
standalone=target/nostd/standalone
rm -rf "$standalone"
cargo run -q -p socgen -- generate --lang rust --soc sm8550 --soc msm8974 --out "$standalone" 2>/dev/null
for pair in sm8550:locked msm8974:unlocked; do
  soc=${pair%%:*} kind=${pair##*:}
  dir="$standalone/rust/$soc"
  (cd "$dir" && sed -n 's#^//! rustc #rustc -D warnings #p' driver.rs | sh -e)
  rustc --edition 2024 -C panic=abort -C opt-level=2 -C lto -D warnings --crate-type staticlib \
    --crate-name probe -L "$dir" --extern socgen_driver="$dir/libsocgen_driver.rlib" \
    -o "$dir/libprobe.a" "$probe/standalone/$kind.rs"
  gcc -std=c11 -Wall -Wextra -Werror -o "$dir/probe" "$probe/standalone/$kind.c" "$dir/libprobe.a" -Wl,--gc-sections
  "$dir/probe"
done
