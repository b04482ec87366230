#!/bin/bash
# Sibyl remote trial launcher. Started detached (`setsid`, stdio on files, working directory the trial's
# code) so it survives the SSH session; $1 is the trial directory. It loads the trial environment ($1/.nni/env),
# puts the bundled SDK first on PYTHONPATH unless the machine's python has an nni of its own, and becomes the local
# trainer's wrapper ($1/.nni/wrapper.sh), which keeps the pid / state / cancel files and runs the command.
# shellcheck disable=SC1091
. "$1/.nni/env"
if [ -n "$SIBYL_SDK_DIR" ] && ! python3 -c 'import nni' >/dev/null 2>&1; then
    export PYTHONPATH="$SIBYL_SDK_DIR${PYTHONPATH:+:$PYTHONPATH}"
fi
exec "$BASH" "$1/.nni/wrapper.sh" "$(command -p cat "$1/.nni/command")"
