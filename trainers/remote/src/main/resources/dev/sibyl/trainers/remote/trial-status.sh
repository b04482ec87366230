# Prints what the trial directory $1 says about its trial, one "key=value" line each, for RemoteTrialStatus.
# The liveness check comes before the state file is read, so a trial that ends in between shows its state.
# Builtins only (read, kill, EPOCHREALTIME): every poll runs this, and process starts are the cost on a busy host.
n="$1/.nni"
[ -d "$1" ] || { echo "absent=1"; exit 0; }
if [ -n "$EPOCHREALTIME" ]; then now=${EPOCHREALTIME/[.,]/}; echo "now=${now:0:${#now}-3}"; else echo "now=$(date +%s%3N)"; fi
if read -r pid ticks started < "$n/pid" 2>/dev/null && [ -n "$started" ]; then
    echo "pid=$pid $ticks $started"
    if kill -0 "$pid" 2>/dev/null; then
        alive=1
        if [ "$ticks" != "-" ] && { read -r stat_line < "/proc/$pid/stat"; } 2>/dev/null; then
            set -f
            # shellcheck disable=SC2086
            set -- ${stat_line##*) }
            set +f
            [ "${20}" = "$ticks" ] || alive=0
        fi
        echo "alive=$alive"
    fi
fi
for f in spawned state cancel error; do
    if [ -e "$n/$f" ]; then
        v=
        read -r v < "$n/$f" 2>/dev/null
        echo "$f=${v:--}"
    fi
done
