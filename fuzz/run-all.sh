#!/usr/bin/env bash
# Runs every fuzz target one after the other, each for SECONDS (default 600), one process,
# with hang (-timeout) and memory (-rss_limit_mb) detection. Needs cargo-fuzz and a nightly
# toolchain (docs/TESTING.md). Grown corpora go to fuzz/corpus/<target>/, crashes to
# fuzz/artifacts/<target>/, logs to fuzz/logs/<target>.log (all ignored by git). The inputs
# that once crashed or hung (fuzz/regressions/<target>/, committed) are run first.
# Usage: fuzz/run-all.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(books_text books_zip spreadsheet_xml chart ovh_json control_panel_csv mapped config_toml decisions_toml init_sniff pipeline)
fi
cargo +nightly fuzz build -s none || exit 1
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target" "regressions/$target"
    echo "== $target ($seconds s)"
    "$bin/$target" "corpus/$target" "seeds/$target" "regressions/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 \
        > "logs/$target.log" 2>&1
    echo "   exit $? ; $(grep -E '^#[0-9]+' "logs/$target.log" | tail -1)"
done
