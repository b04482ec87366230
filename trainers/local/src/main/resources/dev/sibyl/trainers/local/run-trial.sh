#!/bin/bash
# Sibyl local trial wrapper (the role of NNI's run.sh). Started by `setsid`, so it leads its own session and
# process group; its working directory is $NNI_CODE_DIR and its stdout/stderr are already the files `stdout`
# and `stderr` of the trial directory. $1 is the trial command. Files it keeps in $NNI_SYS_DIR/.nni:
#   pid    "<pid> <start time in clock ticks after boot, from /proc, or -> <epoch-ms>", created exclusively:
#          a second wrapper for the same trial finds it and leaves without running anything.
#   state  "<exit code> <epoch-ms>" once the command has ended, written atomically.
#   cancel written by the service when the trial is cancelled; seen before the command starts, nothing runs.
# Its own tools come from the default PATH (command -p): the trial's PATH may be anything.
trial_command=$1
nni_dir="$NNI_SYS_DIR/.nni"

# Cancellation signals the whole group: they must end the command while this wrapper records its exit.
trap : TERM INT HUP

start_ticks=-
if { read -r stat_line < "/proc/$$/stat"; } 2>/dev/null; then
    set -f
    # shellcheck disable=SC2086
    set -- ${stat_line##*) }
    set +f
    start_ticks=${20}
fi

set -o noclobber
{ echo "$$ $start_ticks $(command -p date +%s%3N)" > "$nni_dir/pid"; } 2>/dev/null || exit 0
set +o noclobber

[ -e "$nni_dir/cancel" ] && exit 0

"$BASH" -c "$trial_command"
exit_code=$?
echo "$exit_code $(command -p date +%s%3N)" > "$nni_dir/state.tmp" && command -p mv -f "$nni_dir/state.tmp" "$nni_dir/state"
