#!/bin/bash
# The resource measurement of the README (issue 9): the monitor in simulation mode in -Xmx128m,
# one WebSocket client subscribed to every log line, 30 s warm-up, then 60 s measured.
#
#   examples/pjsip-monitor/measure/measure.sh [JAR] [STEPS_PER_SECOND] [PHONES] [REGISTERED]
#
# Defaults: target/example-pjsip-monitor-0.1.0-SNAPSHOT.jar, 32 steps/s, 1000 phones, 900 registered.
# AMI events/s = voip.events.received (every event on the PBX's bus) minus the log lines the
# simulator wrote (each tailed line is a LogLineReceived on the same bus). CPU is the monitor JVM's
# own (user + system), which includes the simulator serving AMI in the same JVM; the client runs
# in a JVM of its own and is not counted.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${1:-$HERE/../target/example-pjsip-monitor-0.1.0-SNAPSHOT.jar}
RATE=${2:-32}; PHONES=${3:-1000}; REG=${4:-900}
PORT=${PORT:-18481}; PW=measure-$RANDOM$RANDOM
D=$(mktemp -d /tmp/pjsip-monitor-measure.XXXXXX)
java -Xmx128m -jar "$JAR" --server.port=$PORT --voip.monitor.password=$PW --voip.monitor.data-dir=$D/data \
  --voip.simulator.phones=$PHONES --voip.simulator.registered=$REG --voip.simulator.calls-per-second=$RATE \
  > $D/app.log 2>&1 &
PID=$!
WSPID=
trap 'kill $PID ${WSPID:-} 2>/dev/null || true' EXIT
for i in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/actuator/health || true)" = 200 ] && break
  sleep 1
done
java "$HERE/LogClient.java" $PORT $PW > $D/client.log 2>&1 &
WSPID=$!
sleep 30
metric() {
  curl -s -u admin:$PW "http://127.0.0.1:$PORT/actuator/metrics/$1" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["measurements"][0]["value"])'
}
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
c0=$(cpu); e0=$(metric voip.events.received); l0=$(wc -l < $D/data/simulator/full); w0=$(tail -1 $D/client.log)
t0=$(date +%s.%N)
heaps=""; rss=""
END=$(( $(date +%s) + 60 ))
while [ "$(date +%s)" -lt $END ]; do
  sleep 4
  heaps="$heaps $(metric 'jvm.memory.used?tag=area:heap')"
  rss="$rss $(awk '/VmRSS/{print $2}' /proc/$PID/status)"
done
c1=$(cpu); e1=$(metric voip.events.received); l1=$(wc -l < $D/data/simulator/full); w1=$(tail -1 $D/client.log)
t1=$(date +%s.%N)
committed=$(metric 'jvm.memory.committed?tag=area:heap'); dropped=$(metric voip.events.dropped)
echo "$PHONES phones ($REG registered), $RATE traffic steps/s, java -Xmx128m; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$c0" "$c1" "$(getconf CLK_TCK)" "$e0" "$e1" "$l0" "$l1" "$t0" "$t1" "$w0" "$w1" "$heaps" "$rss" "$committed" "$dropped" <<'PY'
import sys
c0, c1, tck, e0, e1, l0, l1, t0, t1 = [float(x) for x in sys.argv[1:10]]
w0, w1, heaps, rss, committed, dropped = sys.argv[10:16]
dt = t1 - t0
def totals(line): return {k: int(v) for k, v in (p.split('=') for p in line.split()[1:])}
a, b = totals(w0), totals(w1)
heap = [float(x) / 1e6 for x in heaps.split()]
rs = [int(x) / 1024 for x in rss.split()]
cpu = (c1 - c0) / tck
print(f"window {dt:.1f} s; monitor JVM CPU {cpu:.1f} s = {100 * cpu / dt:.1f} % of one core (simulator included)")
print(f"AMI events {((e1 - e0) - (l1 - l0)) / dt:.1f}/s (bus {(e1 - e0) / dt:.1f}/s minus log lines {(l1 - l0) / dt:.1f}/s)")
print(f"to the client: statusUpdate {(b['status'] - a['status']) / dt:.2f}/s, logUpdate {(b['logs'] - a['logs']) / dt:.1f}/s, "
      f"{(b['chars'] - a['chars']) / dt / 1e6:.2f} M chars/s")
print(f"heap used MB min/avg/max {min(heap):.0f}/{sum(heap) / len(heap):.0f}/{max(heap):.0f}, committed {float(committed) / 1e6:.0f} MB")
print(f"RSS MB min/max {min(rs):.0f}/{max(rs):.0f}; events dropped {float(dropped):.0f}")
PY
echo "OutOfMemoryError: $(grep -c OutOfMemoryError $D/app.log || true); ERROR lines: $(grep -c ' ERROR ' $D/app.log || true)"
grep -E ' (ERROR|WARN) ' $D/app.log | head -5 || true
rm -rf "$D"
