# Reports GPU use on this machine for the experiment directory $1:
#   "#holders" then "<trial> <gpu,gpu>" for each of the experiment's trials that holds GPUs and has not ended;
#   "#pids" then the pids (process groups) of those trials;
#   "#gpus" then nvidia-smi's GPU rows and "#apps" then "<gpu uuid>, <pid>, <process group>" per compute process;
#   or "#no-nvidia-smi" when there is none on PATH.
echo "#holders"
pids=
for n in "$1"/trials/*/.nni; do
    [ -e "$n/gpus" ] && [ ! -e "$n/state" ] || continue
    pid=
    if read -r pid _ < "$n/pid" 2>/dev/null; then
        kill -0 "$pid" 2>/dev/null || continue
        pids="$pids $pid"
    elif [ -e "$n/cancel" ]; then
        continue
    fi
    trial=${n%/.nni}
    echo "${trial##*/} $(head -n 1 "$n/gpus")"
done
echo "#pids"
for pid in $pids; do echo "$pid"; done
if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "#no-nvidia-smi"
    exit 0
fi
echo "#gpus"
nvidia-smi --query-gpu=index,uuid,utilization.gpu,memory.used --format=csv,noheader,nounits || exit 1
echo "#apps"
nvidia-smi --query-compute-apps=gpu_uuid,pid --format=csv,noheader,nounits | while IFS=', ' read -r uuid pid; do
    echo "$uuid, $pid, $(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')"
done
