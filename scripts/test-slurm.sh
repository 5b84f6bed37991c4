#!/usr/bin/env bash
# make test-slurm: the kit on a real Slurm, on this machine. Installs slurm-wlm and munge when missing
# (as `make deps` does for Cairo), starts munged (unless one runs), slurmctld and slurmd on localhost with
# a configuration generated into a temporary folder, submits the smoke plan with
# `make runs SCHEDULER=slurm`, waits, and checks that
#   - every run of the plan finished, each trained by a Slurm array task, and every job completed;
#   - the final job ran the chapters, the report and the claims check;
#   - `make paper PROFILE=smoke` then reports every run reused and every chapter up to date;
#   - a missing sbatch and an unreachable controller are named errors.
# Every daemon it started is stopped on exit (trap), by its PID. TEST_SLURM_KEEP=1 keeps the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

work=$(mktemp -d /tmp/lldif-test-slurm.XXXXXX)
daemons=()
started_munge=""
say() { echo "test-slurm: $*"; }
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }

stop_daemons() {
  local status=$?
  for pid in "${daemons[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${daemons[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "$started_munge" ] && [ -f "$work/munged.pid" ]; then
    kill "$(cat "$work/munged.pid")" 2>/dev/null || true
  fi
  if [ "${TEST_SLURM_KEEP:-}" = 1 ] || [ "$status" -ne 0 ]; then
    say "kept $work (logs: $work/log, run store: $work/runs)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap stop_daemons EXIT

# 1. Packages.
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
missing=""
for p in slurm-wlm munge; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  say "installing Debian packages:$missing"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi

# 2. munge: the authentication every Slurm daemon and command uses (one per machine; reuse a running one).
if [ -S /run/munge/munge.socket.2 ] && munge -n </dev/null >/dev/null 2>&1; then
  say "munged already runs; using it"
else
  $sudo mkdir -p /run/munge
  [ "$(id -u)" -eq 0 ] && chown munge:munge /run/munge 2>/dev/null || true
  [ -f /etc/munge/munge.key ] || $sudo mungekey --create 2>/dev/null || $sudo create-munge-key -f
  $sudo munged --force --pid-file="$work/munged.pid" 2>"$work/munged.err" || $sudo munged --force 2>"$work/munged.err" \
    || fail "munged did not start: $(cat "$work/munged.err")"
  started_munge=1
  [ -f "$work/munged.pid" ] || cp /run/munge/munged.pid "$work/munged.pid" 2>/dev/null || true
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null >/dev/null || fail "munged does not answer"
fi

# 3. A single-node cluster: this host, all its CPUs, state and logs in the temporary folder.
host=$(hostname -s)
mkdir -p "$work/state" "$work/spool" "$work/log"
conf="$work/slurm.conf"
cat > "$conf" <<CONF
ClusterName=lldif-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/ctld.log
SlurmdLogFile=$work/log/d.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$work/log/jobcomp.txt
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld -D -f "$conf" >"$work/log/ctld.out" 2>&1 &
daemons+=($!)
slurmd -D -f "$conf" >"$work/log/d.out" 2>&1 &
daemons+=($!)
for _ in $(seq 60); do
  state=$(sinfo -h -o %t 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || fail "the node did not come up (sinfo: '$state'); see $work/log"
say "slurmctld and slurmd up on $host ($(nproc) CPUs), configuration $conf"

# 4. Submit the smoke plan.
runs="$work/runs"; figures="$work/figures"
knobs=(PROFILE=smoke LLDIF_RUNS="$runs" FIGURES="$figures" JOBS=2 RUN_THREADS=1)
make --no-print-directory runs SCHEDULER=slurm "${knobs[@]}" | tee "$work/submit.txt"
bin=$(swift build -c release --show-bin-path)
jobs_file=$(ls "$runs"/slurm/*/jobs.tsv | head -1)
submission=$(dirname "$jobs_file")
ids=$(cut -f1 "$jobs_file" | paste -sd, -)
say "submitted jobs $ids; waiting"

# 5. Wait until none of them is queued or running (at most 40 minutes).
deadline=$((SECONDS + 2400)); last=""
active=pending,running,completing,configuring,suspended
while [ -n "$(squeue -h -j "$ids" -t "$active" -o %i 2>/dev/null)" ]; do
  [ $SECONDS -lt $deadline ] || fail "the jobs did not finish in 40 minutes: $(squeue -j "$ids")"
  now=$(squeue -h -j "$ids" -t "$active" -o '%i %j %T' | sort | paste -sd';' -)
  [ "$now" = "$last" ] || say "queue: $now"
  last=$now
  sleep 5
done

# 6. Every run finished, each through Slurm, every job completed, the final job ran.
pending=$("$bin/lldif" plan --profile smoke --store "$runs" --pending --format args)
[ -z "$pending" ] || fail "runs left untrained after Slurm: $pending"
planned=$("$bin/lldif" plan --profile smoke --store "$runs" --format json | sed -n 's/.*"run":"\([^"]*\)".*/\1/p')
count=0
for run in $planned; do
  grep -l "trains $run on" "$submission"/logs/L*.out >/dev/null || fail "no Slurm task trained $run (logs in $submission/logs)"
  [ -f "$runs/$run/status.json" ] || fail "$run has no completion record"
  count=$((count + 1))
done
if grep -v "JobState=COMPLETED" "$work/log/jobcomp.txt" | grep -q JobState; then
  fail "jobs that did not complete: $(grep -v 'JobState=COMPLETED' "$work/log/jobcomp.txt")"
fi
grep -q "The report:" "$submission/logs/paper.out" || fail "the final job did not write the report: $(tail -20 "$submission/logs/paper.out")"
say "$count runs trained by Slurm array tasks, $(grep -c JobState=COMPLETED "$work/log/jobcomp.txt") jobs completed, the final job wrote the report"

# 7. make paper afterwards trains nothing and finds every chapter up to date.
make --no-print-directory paper "${knobs[@]}" | tee "$work/paper.txt"
grep -q "$count already trained (reused), 0 to train" "$work/paper.txt" || fail "make paper did not reuse every run"
if grep -q '^\[[0-9]*/[0-9]*\] start ' "$work/paper.txt"; then fail "make paper started a training run"; fi
for chapter in 01-low-light 02-emotion-distribution 03-samples 04-accuracy 05-tsne 06-diffusion-steps 07-ablation 08-training-record; do
  grep -q "^$chapter: up to date" "$work/paper.txt" || fail "$chapter was not up to date after the Slurm run"
done
say "make paper: every run reused, every chapter up to date"

# 8. Bad input is named: no sbatch, then no controller.
if out=$("$bin/lldif" submit --profile smoke --store "$runs" --sbatch /nonexistent/sbatch 2>&1); then fail "submit without sbatch succeeded"; fi
grep -q "sbatch not found" <<<"$out" || fail "a missing sbatch was not named: $out"
kill "${daemons[0]}"; wait "${daemons[0]}" 2>/dev/null || true
if out=$(timeout 120 "$bin/lldif" submit --profile smoke --store "$runs" 2>&1); then fail "submit without a controller succeeded"; fi
grep -q "controller is unreachable" <<<"$out" || fail "an unreachable controller was not named: $out"
say "bad input named: sbatch missing, controller unreachable"
say "passed"
