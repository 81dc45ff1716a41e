# Reference for the start-up and memory ratios: a bare Fyne window's start time and memory.
t0=$(now_ms)
"$BARE" >/dev/null 2>&1 &
bare=$!
pids+=($bare)
window_after '^Bare Fyne$' "$t0" >"$work/bare.win"
bare_ms=$startup_ms
sleep 2
bare_rss=$(rss_mb "$bare")
kill "$bare"
step "bare Fyne window: shown after ${bare_ms} ms, ${bare_rss} MB resident"
