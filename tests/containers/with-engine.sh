#!/usr/bin/env bash
# Runs a command (e.g. a test run) with a Docker engine of its own, in which the tests' fixtures start mosquitto and
# coturn through Testcontainers (tests/containers/README.md). ./test calls it inside its loopback-only network
# namespace, so the engine's host-network containers share that namespace with the tests. It imports the images that
# build-images.sh made if their tags are missing, sets what Testcontainers and the fixtures read, and stops the engine
# (and every container) when the command ends.
set -uo pipefail
source "$(dirname "$0")/images.sh"
docker=/usr/bin/docker  # Debian's client, of the same version as its dockerd

# In a user namespace (--map-root-user) the id is 0 but dockerd cannot mount, make cgroups or run containers.
read -r _ outside_uid _ < /proc/self/uid_map
if [ "$(id -u)" -ne 0 ] || [ "$outside_uid" -ne 0 ]; then
  echo "The tests run mosquitto and coturn in containers of a dockerd of their own, which only root can start:" >&2
  echo "run the tests as root (sudo ./test)." >&2
  exit 1
fi
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGUMENT...]" >&2; exit 2; }

run_dir=$(mktemp -d /tmp/hiroba-dockerd.XXXXXX)
engine_dir=$cache_dir/engine  # images kept between runs, so that the import happens once per recipe
mkdir -p "$engine_dir"
echo '{}' > "$run_dir/daemon.json"  # not the machine's /etc/docker/daemon.json
dockerd_pid=""

stop_engine() {
  if [ -n "$dockerd_pid" ]; then
    # Containers a failed test left behind, then the engine and its containerd.
    $docker ps -aq | xargs -r $docker rm -f > /dev/null 2>&1
    kill "$dockerd_pid" 2> /dev/null
    wait "$dockerd_pid" 2> /dev/null
  fi
  # dockerd leaves the network namespace it bind-mounted for host-network containers.
  awk -v dir="$run_dir/" 'index($2, dir) == 1 { print $2 }' /proc/self/mounts | xargs -r umount -l
  rm -rf "$run_dir"
}
trap stop_engine EXIT
trap 'exit 130' INT TERM

export DOCKER_HOST=unix://$run_dir/docker.sock
# Testcontainers' client speaks a newer API than Debian's docker.io 20.10 unless told.
export DOCKER_API_VERSION=1.41
# Ryuk (Testcontainers' reaper) is an image from a registry; the fixtures remove their containers, and stop_engine
# removes what a crashed run left.
export TESTCONTAINERS_RYUK_DISABLED=true

# Tries the storage driver; returns 1 if dockerd exits or does not answer within 60 s.
start_engine() {
  local driver=$1
  /usr/sbin/dockerd --config-file "$run_dir/daemon.json" --data-root "$engine_dir" --exec-root "$run_dir/exec" \
    --host "$DOCKER_HOST" --pidfile "$run_dir/dockerd.pid" --storage-driver "$driver" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    > "$run_dir/dockerd-$driver.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 120); do
    $docker version > /dev/null 2>&1 && return 0
    kill -0 "$dockerd_pid" 2> /dev/null || break
    sleep 0.5
  done
  kill "$dockerd_pid" 2> /dev/null
  wait "$dockerd_pid" 2> /dev/null
  dockerd_pid=""
  return 1
}

# overlay2 shares the image's files between containers; vfs (a full copy for each container) works on any file system.
if start_engine overlay2; then
  driver=overlay2
elif start_engine vfs; then
  driver=vfs
  echo "dockerd could not start with overlay2 storage (log below), so it runs with vfs:" >&2
  tail -5 "$run_dir/dockerd-overlay2.log" >&2
else
  echo "dockerd did not start:" >&2
  tail -20 "$run_dir"/dockerd-*.log >&2
  exit 1
fi
echo "Test containers: dockerd $($docker version --format '{{.Server.Version}}'), $driver storage"

$docker ps -aq | xargs -r $docker rm -f > /dev/null
for name in "${images[@]}"; do
  tag=$(image_tag "$name")
  if ! $docker image inspect "$tag" > /dev/null 2>&1; then
    tarball=$(rootfs_tarball "$name")
    [ -f "$tarball" ] || { echo "No $name image: run tests/containers/build-images.sh first (./test does)." >&2; exit 1; }
    # shellcheck source=mosquitto/recipe
    (source "$containers_dir/$name/recipe" &&
      $docker import --change "ENTRYPOINT $entrypoint" --change "CMD $cmd" "$tarball" "$tag" > /dev/null) || exit 1
    # Images of older recipes.
    $docker images --format '{{.Repository}}:{{.Tag}}' "hiroba-test/$name" | grep -vxF "$tag" | xargs -r $docker rmi > /dev/null
  fi
  export "HIROBA_TEST_${name^^}_IMAGE=$tag"
done

"$@"
