# Sourced by the load scripts of the local cluster (faults.sh, spread.sh): where the cluster is,
# and a check that it is up.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export HERALD_CLUSTER_DIR="${HERALD_CLUSTER_DIR:-$root/cluster-data}"
cluster="$root/compose/cluster.sh"
sip="127.0.0.1:${HERALD_CLUSTER_SIP_PORT:-5060}"

require_cluster_up() {
  if "$cluster" status | grep -Eq 'down|starting'; then
    echo "the cluster is not fully up:" >&2
    "$cluster" status >&2
    exit 1
  fi
}
