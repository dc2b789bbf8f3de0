# rocketmq-ts for the shared peer harness (sourced by run.sh, which calls start_rocketmq-ts and
# stop_rocketmq-ts; the helpers come from its servers/common.sh). One NameServer and two brokers
# from this repository's build (node <repo>/build/src/cli/main.js; run `npm run build` first):
#   cluster BenchAsync, broker bench-async on RMQ_TS_ASYNC_PORT  flushDiskType=ASYNC_FLUSH
#   cluster BenchSync,  broker bench-sync  on RMQ_TS_SYNC_PORT   flushDiskType=SYNC_FLUSH
# The adapter picks the cluster by its flush=async|sync option, so "rocketmq-ts" and
# "rocketmq-ts:flush=sync" share this start; the idle broker only runs its timers. Everything
# else is the broker's defaults (flushIntervalCommitLog 500 ms, 1 GiB sparse segments), except
# that topics are not auto-created (the adapter creates each one with its queue count) and a pull
# may carry up to 1024 messages / 2 MiB (maxTransferCountOnMessageInMemory and
# maxTransferBytesOnMessageInMemory; RocketMQ's defaults are 32 / 256 KiB), as the peers'
# adapters read up to 1000 entries per call.
RMQ_TS_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# RMQ_TS_BUILD: another build folder of the repository (absolute, or relative to the repository).
RMQ_TS_MAIN=$(cd "$RMQ_TS_REPO" && realpath -m "${RMQ_TS_BUILD:-build}/src/cli/main.js")
RMQ_TS_NAMESRV_PORT=${RMQ_TS_NAMESRV_PORT:-19876}
RMQ_TS_ASYNC_PORT=${RMQ_TS_ASYNC_PORT:-20911}
RMQ_TS_SYNC_PORT=${RMQ_TS_SYNC_PORT:-21911}
export RMQ_TS_NAMESRV_ADDR=127.0.0.1:$RMQ_TS_NAMESRV_PORT

# rmq_ts_broker NAME CLUSTER PORT FLUSH: writes NAME's broker.conf and starts it in the background.
rmq_ts_broker() {
  local name=$1 cluster=$2 port=$3 flush=$4 d="$PEERS_DATA/rocketmq-ts/$1"
  mkdir -p "$d"
  cat > "$d/broker.conf" <<CONF
brokerClusterName=$cluster
brokerName=$name
listenPort=$port
namesrvAddr=$RMQ_TS_NAMESRV_ADDR
bindAddress=127.0.0.1
brokerIP1=127.0.0.1
storePathRootDir=$d/store
flushDiskType=$flush
autoCreateTopicEnable=false
maxTransferCountOnMessageInMemory=1024
maxTransferBytesOnMessageInMemory=2097152
CONF
  # RMQ_TS_BROKER_CONF: extra "key=value" lines (space-separated) for both brokers, for experiments.
  printf '%s\n' ${RMQ_TS_BROKER_CONF:-} >> "$d/broker.conf"
  node "$RMQ_TS_MAIN" broker -c "$d/broker.conf" \
    > "$PEERS_DATA/logs/rocketmq-ts-$name.log" 2>&1 &
  echo $! > "$PEERS_DATA/pids/rocketmq-ts-$name.pid"
}

start_rocketmq-ts() {
  local main=$RMQ_TS_MAIN port
  [ -f "$main" ] || { echo "no $main: run npm run build in $RMQ_TS_REPO" >&2; return 1; }
  for port in "$RMQ_TS_NAMESRV_PORT" "$RMQ_TS_ASYNC_PORT" "$RMQ_TS_SYNC_PORT"; do
    port_free "$port" || { echo "port $port busy" >&2; return 1; }
  done
  local d="$PEERS_DATA/rocketmq-ts"
  rm -rf "$d"; mkdir -p "$d"
  echo "kvConfigPath=$d/namesrv/kvConfig.json" > "$d/namesrv.conf"
  node "$main" namesrv -c "$d/namesrv.conf" -p "$RMQ_TS_NAMESRV_PORT" > "$PEERS_DATA/logs/rocketmq-ts-namesrv.log" 2>&1 &
  echo $! > "$PEERS_DATA/pids/rocketmq-ts-namesrv.pid"
  wait_port "$RMQ_TS_NAMESRV_PORT" 30 || return 1
  rmq_ts_broker bench-async BenchAsync "$RMQ_TS_ASYNC_PORT" ASYNC_FLUSH
  rmq_ts_broker bench-sync BenchSync "$RMQ_TS_SYNC_PORT" SYNC_FLUSH
  wait_port "$RMQ_TS_ASYNC_PORT" 30 && wait_port "$RMQ_TS_SYNC_PORT" 30
}

stop_rocketmq-ts() {
  stop_pid rocketmq-ts-bench-sync
  stop_pid rocketmq-ts-bench-async
  stop_pid rocketmq-ts-namesrv
}
