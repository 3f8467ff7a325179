#!/usr/bin/env bash
# Builds the root file systems of the test images (tests/containers/*/recipe) with debootstrap, in parallel, once per
# recipe: each is kept as a tarball in the cache, named by its recipe's hash. debootstrap needs root and Debian's
# mirror, so ./test runs this before it enters the loopback-only network namespace.
set -euo pipefail
source "$(dirname "$0")/images.sh"

build() {
  local name=$1 tarball root packages entrypoint cmd
  tarball=$(rootfs_tarball "$name")
  [ -f "$tarball" ] && return 0
  source "$containers_dir/$name/recipe"
  echo "Building the $name test image (debootstrap, once per recipe) ..."
  root=$(mktemp -d "$cache_dir/images/$name.XXXXXX")
  if ! debootstrap --variant=minbase --include="$packages" bookworm "$root" > "$root.log" 2>&1; then
    tail -20 "$root.log" >&2
    echo "debootstrap of the $name test image failed (log: $root.log)" >&2
    rm -rf "$root"
    return 1
  fi
  # What apt downloaded is of no use in the image.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # Older recipes' tarballs are no longer used.
  find "$cache_dir/images" -maxdepth 1 -name "$name-*.tar" -delete
  tar -C "$root" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
  rm -rf "$root" "$root.log"
}

mkdir -p "$cache_dir/images"
pids=()
for name in "${images[@]}"; do
  build "$name" & pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
