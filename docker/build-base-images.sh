#!/usr/bin/env bash
# Builds the local base images for machines that reach no image registry (docs/DESIGN.md §7):
#   rotation/debian:local      Debian bookworm minbase + libicu72 libssl3 ca-certificates (stands in
#                              for debian:bookworm-slim under the PostgreSQL and HAProxy images)
#   rotation/aspnet:local      the same root file system
#                              + this machine's .NET runtime (host, NETCore.App, AspNetCore.App)
#   rotation/dotnet-sdk:local  the same root file system + this machine's whole .NET SDK
# They stand in for mcr.microsoft.com/dotnet/aspnet:10.0 and .../sdk:10.0: same install path
# (/usr/share/dotnet, /usr/bin/dotnet), the same non-root user `app` (uid 1654), the same
# environment variables that matter.
#
# Usage: docker/build-base-images.sh [--force]
#   Skips when all three images exist, unless --force (or ROTATION_FORCE_BASE_IMAGES=1).
# Env: DOCKER (CLI), ROTATION_DEBIAN_MIRROR (default: this machine's apt mirror for bookworm),
#      DOTNET_ROOT (default: the directory of the `dotnet` on PATH), ROTATION_BASE_TAG (local).
set -euo pipefail

log() { printf '[base-images] %s\n' "$*" >&2; }

force=${ROTATION_FORCE_BASE_IMAGES:-0}
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) log "unknown argument $arg"; exit 2 ;;
  esac
done

DOCKER=${DOCKER:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker )}
tag=${ROTATION_BASE_TAG:-local}
runtime_image="rotation/aspnet:$tag"
sdk_image="rotation/dotnet-sdk:$tag"
debian_image="rotation/debian:$tag"

# Only what is missing is imported: a new .NET image would change its id and cost the project
# images their whole layer cache.
exists() { [ "$force" != 1 ] && "$DOCKER" image inspect "$@" >/dev/null 2>&1; }
need_debian=1 need_dotnet=1
if exists "$debian_image"; then need_debian=0; fi
if exists "$runtime_image" "$sdk_image"; then need_dotnet=0; fi
if [ "$need_debian$need_dotnet" = 00 ]; then
  log "$debian_image, $runtime_image and $sdk_image exist; skipping (use --force to rebuild)"
  exit 0
fi

started=$(date +%s)

# --- inputs -------------------------------------------------------------------------------
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
[ -x "$dotnet_root/dotnet" ] || { log "no dotnet host in $dotnet_root"; exit 1; }
for part in host/fxr shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App sdk; do
  [ -d "$dotnet_root/$part" ] || { log "missing $dotnet_root/$part"; exit 1; }
done

# The mirror apt already uses here for bookworm (one-line or deb822 sources), never a guess.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1=="deb" && $0 ~ / bookworm( |$)/ { for (i=2;i<=NF;i++) if ($i ~ /^https?:/) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas: the URIs of a stanza whose Suites name bookworm (not bookworm-security).
    awk 'BEGIN{RS=""; FS="\n"}
         { uri=""; suites="";
           for (i=1;i<=NF;i++) { if ($i ~ /^URIs:/) uri=$i; if ($i ~ /^Suites:/) suites=$i }
           if (suites ~ /[ \t]bookworm([ \t]|$)/) { sub(/^URIs:[ \t]*/, "", uri); split(uri, u, /[ \t]+/); print u[1]; exit } }' "$f"
  done
}
mirror=${ROTATION_DEBIAN_MIRROR:-$(debian_mirror | head -n 1)}
[ -n "$mirror" ] || { log "no bookworm mirror found in /etc/apt/sources.list*; set ROTATION_DEBIAN_MIRROR"; exit 1; }
command -v debootstrap >/dev/null || { log "debootstrap missing (docker/engine.sh installs it)"; exit 1; }

work=$(mktemp -d /tmp/rotation-base.XXXXXX)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
rootfs="$work/rootfs"

# --- root file system ---------------------------------------------------------------------
log "debootstrap minbase bookworm from $mirror"
t0=$(date +%s)
# The downloaded packages are kept for a forced rebuild (--cache-dir).
deb_cache=${ROTATION_DEBOOTSTRAP_CACHE:-/var/cache/rotation-debootstrap}
mkdir -p "$deb_cache"
debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates --cache-dir="$deb_cache" \
  bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
log "debootstrap took $(( $(date +%s) - t0 ))s"

# What a container never needs: package caches, docs, man pages, locales beyond C.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
       "$rootfs"/var/log/* "$rootfs"/tmp/*

# The user the official images run as (app, uid/gid 1654), without needing useradd inside.
grep -q '^app:' "$rootfs/etc/group"  || echo 'app:x:1654:' >> "$rootfs/etc/group"
grep -q '^app:' "$rootfs/etc/passwd" || echo 'app:x:1654:1654::/home/app:/usr/sbin/nologin' >> "$rootfs/etc/passwd"
mkdir -p "$rootfs/home/app" && chown 1654:1654 "$rootfs/home/app"

# --- plain Debian (before .NET goes in) -----------------------------------------------------
if [ "$need_debian" = 1 ]; then
  t0=$(date +%s)
  log "importing $debian_image"
  # apt works in it as in debian:bookworm-slim: its sources name the mirror debootstrap used.
  tar --numeric-owner -C "$rootfs" -cf - . | "$DOCKER" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' \
    --message "Debian bookworm minbase from $mirror" - "$debian_image" >/dev/null
  log "docker import of $debian_image took $(( $(date +%s) - t0 ))s"
fi
if [ "$need_dotnet" = 0 ]; then
  log "$runtime_image and $sdk_image exist; base images built in $(( $(date +%s) - started ))s"
  exit 0
fi

# --- .NET ---------------------------------------------------------------------------------
runtime_files=(dotnet LICENSE.txt ThirdPartyNotices.txt host shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App)
mkdir -p "$rootfs/usr/share/dotnet/shared"
for part in "${runtime_files[@]}"; do
  [ -e "$dotnet_root/$part" ] || continue
  cp -a "$dotnet_root/$part" "$rootfs/usr/share/dotnet/$part"
done
ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"

runtime_version=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)
aspnet_version=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n 1)
sdk_version=$(ls "$dotnet_root/sdk" | grep -E '^[0-9]' | sort -V | tail -n 1)

common_env=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV APP_UID=1654'
  --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true'
  --change 'ENV DOTNET_ROOT=/usr/share/dotnet'
  --change "ENV DOTNET_VERSION=$runtime_version"
  --change "ENV ASPNET_VERSION=$aspnet_version"
  --change 'ENV ASPNETCORE_HTTP_PORTS=8080'
  --change 'WORKDIR /'
  --change 'CMD ["bash"]'
)

t0=$(date +%s)
log "importing $runtime_image (.NET runtime $runtime_version, ASP.NET Core $aspnet_version)"
tar --numeric-owner -C "$rootfs" -cf - . | "$DOCKER" import "${common_env[@]}" \
  --message "Debian bookworm minbase + .NET $runtime_version runtime from $dotnet_root" - "$runtime_image" >/dev/null

log "importing $sdk_image (.NET SDK $sdk_version)"
# The whole SDK install (sdk, packs, templates, manifests) so that restore and publish
# find the reference packs locally.
cp -a "$dotnet_root/." "$rootfs/usr/share/dotnet/"
tar --numeric-owner -C "$rootfs" -cf - . | "$DOCKER" import "${common_env[@]}" \
  --change "ENV DOTNET_SDK_VERSION=$sdk_version" \
  --change 'ENV DOTNET_NOLOGO=1' \
  --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
  --change 'ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false' \
  --change 'ENV DOTNET_USE_POLLING_FILE_WATCHER=true' \
  --change 'ENV NUGET_XMLDOC_MODE=skip' \
  --message "Debian bookworm minbase + .NET SDK $sdk_version from $dotnet_root" - "$sdk_image" >/dev/null
log "docker import took $(( $(date +%s) - t0 ))s"

"$DOCKER" run --rm --network none "$runtime_image" dotnet --list-runtimes >&2
"$DOCKER" run --rm --network none "$sdk_image" dotnet --version >&2
log "base images built in $(( $(date +%s) - started ))s"
