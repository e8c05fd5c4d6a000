# Sourced by the setup and fuzz scripts: runs a long command with its output in a log file, printing
# "<prefix>:   still <what> (Ns)" every 30 seconds so a slow step never looks hung.
# Usage: with_progress PREFIX WHAT LOG COMMAND...; returns the command's status.
with_progress() {
  local prefix=$1 what=$2 log=$3
  shift 3
  "$@" >>"$log" 2>&1 &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if ((waited % 30 == 0)); then echo "$prefix:   still $what (${waited}s)"; fi
  done
  wait "$pid"
}
