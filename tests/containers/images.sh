# Sourced by build-images.sh and with-engine.sh: the test images, their tags and their cached root file systems.
# A tag is the hash of the image's recipe and of build-images.sh, so a changed recipe makes a new image.
containers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_dir=${XDG_CACHE_HOME:-$HOME/.cache}/hiroba
images=(mosquitto coturn)

recipe_hash() { cat "$containers_dir/$1/recipe" "$containers_dir/build-images.sh" | sha256sum | cut -c1-12; }
image_tag() { echo "hiroba-test/$1:$(recipe_hash "$1")"; }
rootfs_tarball() { echo "$cache_dir/images/$1-$(recipe_hash "$1").tar"; }
