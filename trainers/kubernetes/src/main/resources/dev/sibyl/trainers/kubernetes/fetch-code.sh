# Sibyl init container: fetches the experiment's code archive through its signed URL and lays out the trial
# directory in the shared emptyDir ($NNI_SYS_DIR): code/ (the working directory of the trial), parameter.cfg
# and .nni/ (the file channel). Runs under busybox sh as well as bash; needs wget or curl, and tar with gzip.
set -eu
mkdir -p "$NNI_SYS_DIR/code" "$NNI_SYS_DIR/.nni"
archive="$NNI_SYS_DIR/.nni/code.tar.gz"
if command -v wget >/dev/null 2>&1; then
    wget -q -O "$archive" "$SIBYL_CODE_URL"
else
    curl -fsS -o "$archive" "$SIBYL_CODE_URL"
fi
tar -xzf "$archive" -C "$NNI_SYS_DIR/code"
rm -f "$archive"
printf '%s' "$SIBYL_PARAMETER_RECORD" > "$NNI_SYS_DIR/parameter.cfg"
