#!/bin/bash
# Sibyl remote trial wrapper; the same file protocol as the local trainer's run-trial.sh. Started detached
# (`setsid nohup`, stdio on files) so it survives the SSH session; it leads its own session and process group.
# $1 is the trial directory. It reads, from $1/.nni: `env` (exports of the trial environment) and `command`.
# It writes to $1/.nni:
#   pid    "<pid> <start time in clock ticks after boot, from /proc, or -> <epoch-ms>", created exclusively:
#          a second wrapper for the same trial finds it and leaves without running anything.
#   state  "<exit code> <epoch-ms>" once the command has ended, written atomically.
#   cancel written by the service when the trial is cancelled; seen before the command starts, nothing runs.
# Its own tools come from the default PATH (command -p): the trial's PATH may be anything.
nni_dir="$1/.nni"

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

# shellcheck disable=SC1091
. "$nni_dir/env"
# The bundled SDK goes first on PYTHONPATH unless the machine's python already has an nni of its own.
if [ -n "$SIBYL_SDK_DIR" ] && ! python3 -c 'import nni' >/dev/null 2>&1; then
    export PYTHONPATH="$SIBYL_SDK_DIR${PYTHONPATH:+:$PYTHONPATH}"
fi
trial_command=$(command -p cat "$nni_dir/command")

"$BASH" -c "$trial_command"
exit_code=$?
echo "$exit_code $(command -p date +%s%3N)" > "$nni_dir/state.tmp" && command -p mv -f "$nni_dir/state.tmp" "$nni_dir/state"
