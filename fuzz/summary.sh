#!/usr/bin/env bash
# Prints the figures of the last run-all.sh as a Markdown table (docs/TESTING.md):
# per target, seconds, executions, executions per second, final coverage (cov = edges,
# ft = features), the coverage at half time (to see the plateau), corpus size, peak memory
# and the crashes or hangs left in fuzz/artifacts/<target>/. « Plateau » says yes when the
# coverage grew by less than 1 % over the second half of the executions.
cd "$(dirname "$0")"
echo "| Target | Time (s) | Executions | Exec/s | cov at ½ time | Final cov / ft | Plateau | Corpus | Peak RSS (MB) | Crashes, hangs |"
echo "|---|--:|--:|--:|--:|--:|:-:|--:|--:|--:|"
for log in logs/*.log; do
    target=$(basename "$log" .log)
    runs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2}')
    secs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | awk '{print $2}')
    ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
    corp=$(echo "$last" | grep -oE 'corp: [0-9]+' | awk '{print $2}')
    rss=$(grep -E 'stat::peak_rss_mb' "$log" | awk '{print $2}')
    half=$(( ${runs:-0} / 2 ))
    covhalf=$(grep -E '^#[0-9]+' "$log" | awk -v h="$half" '{n=substr($1,2)+0; if (n<=h) for(i=1;i<=NF;i++) if($i=="cov:") c=$(i+1)} END{print c}')
    crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
    eps=$(( ${runs:-0} / (${secs:-1} > 0 ? ${secs:-1} : 1) ))
    plateau="?"
    if [ -n "$cov" ] && [ -n "$covhalf" ]; then
        if [ $(( (cov - covhalf) * 100 )) -lt "$covhalf" ]; then plateau="yes"; else plateau="no (+$(( cov - covhalf )))"; fi
    fi
    echo "| \`$target\` | ${secs:-?} | ${runs:-?} | $eps | ${covhalf:-?} | ${cov:-?} / ${ft:-?} | $plateau | ${corp:-?} | ${rss:-?} | $crashes |"
done
