#!/usr/bin/env bash
# A/B of JVM variants for the operator's start-up and memory, without the e2e host: etcd and kube-apiserver
# started here on loopback (no kubelets, so the hub never gets Ready; the operator does all of its install
# work and then waits, which is what an A/B of the JVM needs). Each run gets a fresh etcd prefix (a new,
# empty cluster) and the variants alternate, so machine load spreads over all of them.
#
#   src/test/bench/jvm-ab.sh [runs] [variant...]     (after `mvn package`; prints one TSV line per run)
#
# OPERATOR_JAR measures another build of the jar (default: target/vela-ocm-hub-operator.jar).
#
# Per run: milliseconds from fork to the first 200 from /readyz, then VmRSS, Pss and Private (smaps_rollup)
# in KiB 30 s after a VelaOcmHub was applied, and VmRSS again 6 s after a full collection (what HeapTrimmer does
# once a hub is Ready, which it never is here). Pss and Private depend on what else maps the same files (another
# JVM of the same JDK): compare RSS. Variants are defined in variant() below. For a closer look:
# EXTRA_JAVA_OPTS (e.g. -XX:NativeMemoryTracking=summary) goes to every JVM, and the command in AT_SETTLE runs
# when the figures are taken, with PID, VARIANT and RUN set (e.g. 'jcmd $PID VM.native_memory summary').
set -euo pipefail

RUNS=${1:-5}
shift || true
VARIANTS=(j17-cds j25-cds j25-cds-coh j25-aot j25-aot-coh)
if (($#)); then VARIANTS=("$@"); fi
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
KUBE=${KUBE_BIN:-$HOME/.cache/vela-ocm-hub-e2e/kube-1.34.3}
JAVA17=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
JAVA25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SETTLE=${SETTLE_SECONDS:-30}
RIG=$(mktemp -d /tmp/jvm-ab.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
log() { echo "# $*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The jar is copied: caches are tied to the jar's path and modification time, and a rebuild during a long
# A/B must not invalidate them.
JAR=$RIG/vela-ocm-hub-operator.jar
cp "${OPERATOR_JAR:-$REPO/target/vela-ocm-hub-operator.jar}" "$JAR"

# The image's JVM_OPTIONS, heap as under deploy/base's 256 MiB limit (what ImageJvm does for the tests), minus
# the flags a variant decides.
IMAGE_OPTS=$(sed -n 's/^ENV JVM_OPTIONS="\([^"]*\)".*/\1/p' "$REPO/Dockerfile" | tr ' ' '\n' \
    | grep -v -e '^-XX:MaxRAMPercentage' -e '^-XX:InitialRAMPercentage' -e 'CompactObjectHeaders' | tr '\n' ' ')
IMAGE_OPTS="$IMAGE_OPTS -Xmx128m -Xms16m"

pki() {
    cd "$RIG"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=jvm-ab-ca 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj /CN=kube-apiserver 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 2 \
        -extfile san.ext 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    echo "jvm-ab-admin-token,jvm-ab-admin,1,system:masters" >tokens.csv
    cd - >/dev/null
}

ETCD_PORT=$(free_port)
API_PORT=$(free_port)
API_PID=

start_etcd() {
    local peer
    peer=$(free_port)
    nice -n 19 "$KUBE/etcd" --name=ab --data-dir="$RIG/etcd" --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
        --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" --listen-peer-urls="http://127.0.0.1:$peer" \
        --initial-advertise-peer-urls="http://127.0.0.1:$peer" --initial-cluster="ab=http://127.0.0.1:$peer" \
        --unsafe-no-fsync=true --log-level=warn >"$RIG/etcd.log" 2>&1 &
    PIDS+=($!)
    until curl -sf "http://127.0.0.1:$ETCD_PORT/health" >/dev/null; do sleep 0.2; done
}

# A new etcd prefix is a new, empty cluster: no namespace controller is needed to clean up between runs.
start_apiserver() {
    local prefix=$1
    if [[ -n $API_PID ]]; then kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; fi
    nice -n 19 "$KUBE/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" --etcd-prefix="/$prefix" \
        --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" --cert-dir="$RIG/certs" \
        --tls-cert-file="$RIG/apiserver.crt" --tls-private-key-file="$RIG/apiserver.key" --client-ca-file="$RIG/ca.crt" \
        --token-auth-file="$RIG/tokens.csv" --authorization-mode=RBAC --service-account-issuer="https://127.0.0.1:$API_PORT" \
        --service-account-key-file="$RIG/sa.pub" --service-account-signing-key-file="$RIG/sa.key" \
        --service-cluster-ip-range=10.96.0.0/16 --profiling=false >"$RIG/apiserver-$prefix.log" 2>&1 &
    API_PID=$!
    PIDS+=("$API_PID")
    until kubectl get --raw /readyz >/dev/null 2>&1; do sleep 0.3; done
    kubectl apply -f "$REPO/crds/velaocmhubs.ocm.oam.dev-v1.yml" >/dev/null
    # A CRD just created may not have a status yet, which `kubectl wait` takes as an error: ask again.
    until kubectl wait --for condition=Established crd/velaocmhubs.ocm.oam.dev >/dev/null 2>&1; do sleep 0.2; done
    # The apiserver finishes its post-start work (bootstrap RBAC, priority levels) in its first seconds.
    sleep 5
}

kubeconfig() {
    cat >"$RIG/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: ab, cluster: {server: "https://127.0.0.1:$API_PORT", certificate-authority: "$RIG/ca.crt"}}]
users: [{name: admin, user: {token: jvm-ab-admin-token}}]
contexts: [{name: ab, context: {cluster: ab, user: admin, namespace: default}}]
current-context: ab
EOF
}

# variant NAME -> "JAVA|OPTIONS|CACHE-RECORDING OPTIONS|CACHE-USING OPTIONS"
variant() {
    local safe=${1//[^A-Za-z0-9-]/_}
    local cds=$RIG/$safe.jsa aot=$RIG/$safe.aot
    case $1 in
    j17-cds) echo "$JAVA17|$IMAGE_OPTS|-XX:ArchiveClassesAtExit=$cds|-XX:SharedArchiveFile=$cds" ;;
    # The archives mapped where they were made (this Java 17 maps them at a random address by default and patches
    # their pointers). Measured on 2026-12-07: RSS 122.4 MiB against 121.7, no gain.
    j17-cds-norelo) echo "$JAVA17|$IMAGE_OPTS -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0|-XX:ArchiveClassesAtExit=$cds|-XX:SharedArchiveFile=$cds" ;;
    j25-cds-coh) echo "$JAVA25|$IMAGE_OPTS -XX:+UseCompactObjectHeaders|-XX:ArchiveClassesAtExit=$cds|-XX:SharedArchiveFile=$cds" ;;
    j25-cds) echo "$JAVA25|$IMAGE_OPTS|-XX:ArchiveClassesAtExit=$cds|-XX:SharedArchiveFile=$cds" ;;
    j25-aot) echo "$JAVA25|$IMAGE_OPTS|-XX:AOTCacheOutput=$aot|-XX:AOTCache=$aot" ;;
    j25-aot-coh) echo "$JAVA25|$IMAGE_OPTS -XX:+UseCompactObjectHeaders|-XX:AOTCacheOutput=$aot|-XX:AOTCache=$aot" ;;
    # The cache recorded while the operator installs a hub on the hand-started apiserver, not by `train`.
    j25-aot-run) echo "$JAVA25|$IMAGE_OPTS|-XX:AOTCacheOutput=$aot|-XX:AOTCache=$aot" ;;
    j25-aot-run-coh) echo "$JAVA25|$IMAGE_OPTS -XX:+UseCompactObjectHeaders|-XX:AOTCacheOutput=$aot|-XX:AOTCache=$aot" ;;
    # C2 allowed: the AOT cache keeps method profiles, which only C2 uses.
    j25-aot-coh-c2) echo "$JAVA25|${IMAGE_OPTS/-XX:TieredStopAtLevel=1/} -XX:+UseCompactObjectHeaders|-XX:AOTCacheOutput=$aot|-XX:AOTCache=$aot" ;;
    # Maps the cache at the address it was made for instead of a random one: no pointer relocation at start.
    j25-aot-coh-norelo) echo "$JAVA25|$IMAGE_OPTS -XX:+UseCompactObjectHeaders -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0|-XX:AOTCacheOutput=$aot|-XX:AOTCache=$aot" ;;
    # Classes not loaded at start-up but on first use, and the cache mapped where it was made: pages of classes
    # the run never uses are then never touched.
    j25-aot-coh-lazy) echo "$JAVA25|$IMAGE_OPTS -XX:+UseCompactObjectHeaders -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0|-XX:AOTCacheOutput=$aot -XX:-AOTClassLinking|-XX:AOTCache=$aot" ;;
    j25-coh-nocache) echo "$JAVA25|$IMAGE_OPTS -XX:+UseCompactObjectHeaders||-Xshare:auto" ;;
    # j17-cds with more options, comma-separated after the colon (j17-cds:-XX:Flag=1,-XX:Other=2): one lever at a time.
    j17-cds:*) local more=${1#j17-cds:}
        echo "$JAVA17|$IMAGE_OPTS ${more//,/ }|-XX:ArchiveClassesAtExit=$cds|-XX:SharedArchiveFile=$cds" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
    esac
}

field() { variant "$1" | cut -d'|' -f"$2"; }

operator() { # java options... : the operator against the rig's apiserver, in the background
    local port=$1
    shift
    # Configured as in a pod (server, token, CA; no kubeconfig, whose parsing loads a YAML parser and every model
    # class of the client).
    KUBERNETES_MASTER=https://127.0.0.1:$API_PORT KUBERNETES_AUTH_TOKEN=jvm-ab-admin-token \
        KUBERNETES_CERTS_CA_FILE=$RIG/ca.crt KUBERNETES_AUTH_TRYKUBECONFIG=false KUBERNETES_AUTH_TRYSERVICEACCOUNT=false \
        MALLOC_ARENA_MAX=2 nice -n 19 "$@" -jar "$JAR" run --namespace default \
        --health-address 127.0.0.1 --health-port "$port" --leader-election false >>"$RIG/operator.log" 2>&1 &
}

# First 200 from /readyz; bash's /dev/tcp, so that polling forks nothing that would compete with the JVM.
ready() {
    local reply
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    read -r -t 1 reply <&3 || true
    exec 3<&- 3>&-
    [[ $reply == *" 200"* ]]
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

record_cache() {
    local name=$1 java opts record
    java=$(field "$name" 1) opts="$(field "$name" 2) ${EXTRA_JAVA_OPTS:-}" record=$(field "$name" 3)
    [[ -z $record ]] && return
    start_apiserver "train-$name"
    case $name in
    *-run*)
        local port pid
        port=$(free_port)
        # shellcheck disable=SC2086
        operator "$port" "$java" $opts $record
        pid=$!
        until ready "$port"; do sleep 0.05; done
        kubectl apply -f "$REPO/deploy/examples/velaocmhub.yaml" >/dev/null
        sleep "$SETTLE"
        stop "$pid"
        ;;
    *)
        # shellcheck disable=SC2086
        nice -n 19 "$java" $opts $record -jar "$JAR" train >>"$RIG/train.log" 2>&1 ;;
    esac
    log "recorded the cache of $name: $(ls -s --block-size=K "$RIG/${name//[^A-Za-z0-9-]/_}".* 2>/dev/null | head -1)"
}

measure() {
    local name=$1 run=$2 java opts use port pid t0 t1 status rollup
    java=$(field "$name" 1) opts="$(field "$name" 2) ${EXTRA_JAVA_OPTS:-}" use=$(field "$name" 4)
    start_apiserver "run$run-$name"
    port=$(free_port)
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    operator "$port" "$java" $opts $use
    pid=$!
    until ready "$port"; do
        kill -0 "$pid" 2>/dev/null || { log "$name exited; see $RIG/operator.log"; exit 1; }
        sleep 0.01
    done
    t1=$(date +%s%N)
    kubectl apply -f "$REPO/deploy/examples/velaocmhub.yaml" >/dev/null
    sleep "$SETTLE"
    if [[ -n ${AT_SETTLE:-} ]]; then PID=$pid VARIANT=$name RUN=$run bash -c "$AT_SETTLE" >&2; fi
    status=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    rollup=$(awk '/^Pss:/ {p=$2} /^Private_Clean/ {c=$2} /^Private_Dirty/ {d=$2} END {print p "\t" c + d}' \
        "/proc/$pid/smaps_rollup")
    nice -n 19 "$(dirname "$java")/jcmd" "$pid" GC.run >/dev/null
    sleep 6
    printf '%s\t%d\t%d\t%s\t%s\t%s\n' "$name" "$run" $(((t1 - t0) / 1000000)) "$status" "$rollup" \
        "$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
    stop "$pid"
}

pki
kubeconfig
export KUBECONFIG=$RIG/kubeconfig
start_etcd
log "rig in $RIG; image options: $IMAGE_OPTS"
for v in "${VARIANTS[@]}"; do record_cache "$v"; done
printf 'variant\trun\tready_ms\trss_kib\tpss_kib\tprivate_kib\trss_after_gc_kib\n'
for run in $(seq 1 "$RUNS"); do
    for v in "${VARIANTS[@]}"; do measure "$v" "$run"; done
done
