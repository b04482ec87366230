# Cancels the trial of directory $1: records the request once (.nni/cancel), sends SIGTERM to the trial's process
# group and leaves a detached watchdog that sends SIGKILL after $2 seconds. Prints "cancelled" when it recorded it.
n="$1/.nni"
[ -d "$n" ] || exit 0
[ -e "$n/state" ] && exit 0
set -o noclobber
{ echo "$(date +%s%3N)" > "$n/cancel"; } 2>/dev/null || exit 0
set +o noclobber
echo cancelled
# Without a pid the wrapper has not claimed the trial yet; it will find the marker and run nothing.
read -r pid _ < "$n/pid" 2>/dev/null || exit 0
kill -TERM -- "-$pid" 2>/dev/null
setsid nohup bash -c 'sleep "$1"; kill -0 -- "-$2" 2>/dev/null && kill -KILL -- "-$2"' _ "$2" "$pid" \
    </dev/null >/dev/null 2>&1 &
