#!/usr/bin/env bash
# Builds a stand-in for the official node:22-slim image (Debian bookworm, minbase) and stores it under
# that name, for CIs that cannot reach Docker Hub: the Dockerfile then builds unchanged. Everything comes
# from a Debian mirror and the npm registry: Node's official Linux binary is published there as the
# node-linux-<arch> package, npm as the npm package.
#
#   scripts/container/build-node-base.sh [--extra-ca FILE] [--tag NAME] [--engine podman|docker]
#
#   --extra-ca FILE  PEM bundle the image trusts as well (a TLS-intercepting proxy's CA, as many
#                    corporate networks have), for Node and npm: set as NODE_EXTRA_CA_CERTS.
#   --tag NAME       the name to store the image under (default docker.io/library/node:22-slim).
#   --engine NAME    podman (default when installed) or docker.
#
# Needs root, mmdebstrap, tar and npm. The MIRROR environment variable overrides the Debian mirror.
set -euo pipefail

tag=docker.io/library/node:22-slim
extra_ca=
engine=
while (($#)); do
  case "$1" in
    --extra-ca) extra_ca=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-node-base: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z $engine ]]; then
  if command -v podman >/dev/null; then engine=podman; else engine=docker; fi
fi
for tool in mmdebstrap npm tar "$engine"; do
  command -v "$tool" >/dev/null || { echo "build-node-base: $tool is required (Debian: apt-get install -y $tool)" >&2; exit 1; }
done
if [[ -n $extra_ca && ! -r $extra_ca ]]; then echo "build-node-base: cannot read $extra_ca" >&2; exit 1; fi

case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64) node_arch=arm64 ;;
  *) echo "build-node-base: no Node binary package for $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

# minbase, as Debian's own slim images: no documentation, manual pages or translations.
mmdebstrap --quiet --variant=minbase --include=ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  bookworm "$rootfs" ${MIRROR:+"$MIRROR"}

# Node 22 and npm 10, laid out as in the official image: /usr/local/bin/{node,npm,npx}.
(cd "$work" && npm pack --silent "node-linux-$node_arch@22" "npm@10" >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/node-linux-"$node_arch"-*.tgz -C "$work/node" --strip-components=1
install -m 0755 "$work/node/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
node_version=$(chroot "$rootfs" /usr/local/bin/node --version)

# The user the official image provides (uid and gid 1000, with a home).
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node

changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
         --change "ENV NODE_VERSION=${node_version#v}" --change 'CMD ["node"]')
if [[ -n $extra_ca ]]; then
  # Outside /etc/ssl/certs and /usr/local/share/ca-certificates: update-ca-certificates takes one
  # certificate a file there, and this may be a whole bundle.
  install -m 0644 "$extra_ca" "$rootfs/usr/local/share/extra-ca-certificates.pem"
  changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/extra-ca-certificates.pem')
fi

quiet=()
[[ $engine == podman ]] && quiet=(--quiet)
tar -C "$rootfs" --numeric-owner -c . | "$engine" import "${quiet[@]}" "${changes[@]}" - "$tag" >/dev/null
echo "build-node-base: $tag is Debian bookworm (minbase) with Node $node_version"
