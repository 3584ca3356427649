#!/usr/bin/env bash
# Builds the real binaries the end-to-end suite runs, from the Go wrapper modules under go/, into a
# cache outside the work tree keyed by component and version:
#
#   ${VELA_OCM_E2E_CACHE:-$HOME/.cache/vela-ocm-hub-e2e}/<component>-<version>/<binary>
#
#   kube-<v>/{kube-apiserver,kube-controller-manager,etcd}   from go/kube (k8s.io/kubernetes <v>)
#   ocm-<v>/{registration-operator,registration,work,placement,addon}  from go/ocm-<v>
#   clusteradm-<v>/clusteradm                                 from go/clusteradm-<v>
#   actionlint-<v>/actionlint                                 from go/actionlint (CI lints the workflows)
#   cue-<v>/cue                                               from go/cue (renders the KubeVela addon in a test)
#   helm-<v>/helm                                             from go/helm (the chart tests)
#   kstatus-<v>/kstatus, argocd-lua-<v>/argocd-lua,           our own small mains (main.go) around
#   promrules-<v>/promrules                                   cli-utils' kstatus, gopher-lua, Prometheus' rulefmt
#   kubevela-<v>/{vela-core,vela}                             from go/kubevela-<v> (the addon scenarios),
#   kubevela-<v>/chart/{crds,defwithtemplate}/                and the chart files vela-core needs installed
#   managed-serviceaccount-<v>/msa                            from go/managed-serviceaccount-<v> (addons test)
#   cluster-proxy-<v>/{addon-manager,addon-agent,cluster-proxy,proxy-server,proxy-agent}
#                                                             from go/cluster-proxy-<v> (addons test)
#   cluster-gateway-<v>/{apiserver,addon-manager}             from go/cluster-gateway-<v> (KubeVela's multi-cluster
#                                                             gateway: aggregated apiserver and its OCM addon manager)
#
# The version is read from the wrapper's go.mod, never from the directory name. A binary is skipped
# when it is present and was built from the same go.mod, go.sum and flags (recorded next to it in
# .<binary>.inputs); otherwise it is built to a temporary name and moved into place, so a killed
# build never leaves a partial file behind.
#
# Usage: build-binaries.sh [--check] [component...]
#   component: a directory name under go/ (kube, ocm-1.2.1, ...), its prefix (ocm, clusteradm) or a
#   cache key (kube-1.34.3, cue-0.14.1: what the end-to-end harness asks for) to build only those;
#   no argument builds everything.
#   --check: only say which wrapper modules the components name, and fail on an unknown one;
#   builds nothing and needs no network (a fast test runs it for every key the harness uses).
# Needs only Go (>= 1.25) and a Go module proxy. go.sum files are complete: builds use -mod=readonly.
# A cold build takes minutes per binary; while one runs, a line every 30 s says which and for how long.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$here/go"
cache="${VELA_OCM_E2E_CACHE:-$HOME/.cache/vela-ocm-hub-e2e}"

die() {
  echo "build-binaries: error: $*" >&2
  exit 1
}

command -v go >/dev/null 2>&1 || die "the go command is not on PATH (Go >= 1.25 is needed)"

tmp_files=()
ticker=""
cleanup() {
  [[ -z "$ticker" ]] || kill "$ticker" 2>/dev/null || true
  if ((${#tmp_files[@]})); then rm -f -- "${tmp_files[@]}"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Module metadata, read with -mod=readonly from the wrapper in the current directory.
module_version() { go list -mod=readonly -m -f '{{.Version}}' "$1"; }
module_date() { go list -mod=readonly -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "$1"; }
# The tag's commit, when the proxy recorded its origin in the .info file; empty otherwise.
module_commit() {
  local info
  info="$(go mod download -json "$1" 2>/dev/null | sed -n 's/^[[:space:]]*"Info": "\(.*\)",\{0,1\}$/\1/p')" || true
  [[ -n "$info" && -f "$info" ]] || return 0
  sed -n 's/.*"Hash":"\([0-9a-f]\{40\}\)".*/\1/p' "$info"
}

# Prints how long one binary has been building, every 30 s, until killed. A long cold build (the
# Kubernetes binaries take minutes each) would otherwise look like a hang.
progress() {
  local what="$1" since
  since=$(date +%s)
  while sleep 30; do
    echo "$what: still building, $(($(date +%s) - since)) s so far"
  done
}

# build <component dir> <cache key> <binary> <package> <tags> <ldflags>
build() {
  local moddir="$1" key="$2" bin="$3" pkg="$4" tags="$5" ldflags="$6"
  local outdir="$cache/$key" out="$cache/$key/$bin" stamp="$cache/$key/.$bin.inputs"
  local inputs
  inputs="$(
    cat "$moddir/go.mod" "$moddir/go.sum"
    # Our own mains (kstatus, ...) are built from the wrapper's sources too.
    find "$moddir" -maxdepth 1 -name '*.go' -print0 | sort -z | xargs -0 -r cat
    printf 'pkg=%s\ntags=%s\nldflags=%s\ncgo=0 trimpath\n' "$pkg" "$tags" "$ldflags"
  )"
  inputs="$(printf '%s' "$inputs" | sha256sum | cut -d' ' -f1)"
  if [[ -x "$out" && -f "$stamp" && "$(cat "$stamp")" == "$inputs" ]]; then
    echo "$key/$bin: cached"
    return 0
  fi
  mkdir -p "$outdir" || die "cannot create $outdir"
  local tmp="$outdir/.$bin.tmp.$$" log="$outdir/.$bin.log.$$"
  tmp_files+=("$tmp" "$log")
  local start=$SECONDS
  echo "$key/$bin: building $pkg (cold: minutes; progress every 30 s)"
  progress "$key/$bin" &
  ticker=$!
  if ! (cd "$moddir" && CGO_ENABLED=0 go build -mod=readonly -trimpath -buildvcs=false \
    -tags "$tags" -ldflags "$ldflags" -o "$tmp" "$pkg") >"$log" 2>&1; then
    kill "$ticker" 2>/dev/null || true
    echo "build-binaries: error: building $key/$bin ($pkg in ${moddir#"$here"/}) failed:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  ticker=""
  mv -f "$tmp" "$out"
  printf '%s\n' "$inputs" >"$stamp.$$" && mv -f "$stamp.$$" "$stamp"
  rm -f "$log"
  echo "$key/$bin: built in $((SECONDS - start)) s"
}

# Kubernetes control plane. Stamps follow kubernetes hack/lib/version.sh: the same variables in
# k8s.io/component-base/version and k8s.io/client-go/pkg/version. buildDate is the tag's date, so
# the binary does not change between builds. etcd's version is a constant in its source.
build_kube() {
  local moddir="$1" version date commit major minor
  version="$(cd "$moddir" && module_version k8s.io/kubernetes)" || die "cannot read the k8s.io/kubernetes version from $moddir/go.mod"
  date="$(cd "$moddir" && module_date k8s.io/kubernetes)"
  commit="$(cd "$moddir" && module_commit k8s.io/kubernetes)"
  major="${version#v}"
  major="${major%%.*}"
  minor="${version#v*.}"
  minor="${minor%%.*}"
  local key="kube-${version#v}" stamps="" pkg var val
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    for var in gitVersion="$version" gitMajor="$major" gitMinor="$minor" gitTreeState=clean \
      buildDate="${date:-1970-01-01T00:00:00Z}" ${commit:+gitCommit=$commit}; do
      stamps+=" -X $pkg.$var"
    done
  done
  local tags=selinux,notest,grpcnotrace
  build "$moddir" "$key" kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$tags" "-s -w$stamps"
  build "$moddir" "$key" kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$tags" "-s -w$stamps"
  build "$moddir" "$key" etcd go.etcd.io/etcd/server/v3 "$tags" "-s -w"
}

# OCM and clusteradm share the same pkg/version variables (versionFromGit, majorFromGit,
# minorFromGit, commitFromGit, buildDate).
ocm_stamps() {
  local moddir="$1" module="$2" version="$3" date commit major minor
  date="$(cd "$moddir" && module_date "$module")"
  commit="$(cd "$moddir" && module_commit "$module")"
  major="${version#v}"
  major="${major%%.*}"
  minor="${version#v*.}"
  minor="${minor%%.*}"
  local p="$module/pkg/version"
  printf '%s' "-s -w -X $p.versionFromGit=$version -X $p.majorFromGit=$major -X $p.minorFromGit=$minor"
  [[ -z "$date" ]] || printf '%s' " -X $p.buildDate=$date"
  [[ -z "$commit" ]] || printf '%s' " -X $p.commitFromGit=$commit"
}

build_ocm() {
  local moddir="$1" module=open-cluster-management.io/ocm version ldflags
  version="$(cd "$moddir" && module_version $module)" || die "cannot read the $module version from $moddir/go.mod"
  ldflags="$(ocm_stamps "$moddir" $module "$version")"
  # One binary per image of the release (the harness's OcmImages maps image to binary): the addon-manager
  # image holds cmd/addon.
  local bin
  for bin in registration-operator registration work placement addon; do
    build "$moddir" "ocm-${version#v}" "$bin" "$module/cmd/$bin" "" "$ldflags"
  done
}

build_clusteradm() {
  local moddir="$1" module=open-cluster-management.io/clusteradm version ldflags
  version="$(cd "$moddir" && module_version $module)" || die "cannot read the $module version from $moddir/go.mod"
  ldflags="$(ocm_stamps "$moddir" $module "$version")"
  build "$moddir" "clusteradm-${version#v}" clusteradm $module/cmd/clusteradm "" "$ldflags"
}

# KubeVela: the core controller and the CLI. Both read their version from the same two variables;
# unstamped they say UNKNOWN (`vela version`, and the addon's system.vela check compares against it).
build_kubevela() {
  local moddir="$1" module=github.com/oam-dev/kubevela version commit
  version="$(cd "$moddir" && module_version $module)" || die "cannot read the $module version from $moddir/go.mod"
  commit="$(cd "$moddir" && module_commit $module)"
  local ldflags="-s -w -X $module/version.VelaVersion=$version -X $module/version.GitRevision=${commit:-$version}"
  build "$moddir" "kubevela-${version#v}" vela-core $module/cmd/core "" "$ldflags"
  build "$moddir" "kubevela-${version#v}" vela $module/references/cmd/cli "" "$ldflags"
  copy_kubevela_chart "$moddir" "$module" "$cache/kubevela-${version#v}/chart"
}

# The OCM addons: one binary per command of the upstream image, unstamped as upstream builds them
# (`make build-bin` and cluster-proxy's Dockerfile pass no version ldflags). The cluster-proxy image also
# ships apiserver-network-proxy's server and agent under the names its manager's Deployments run.
build_msa() {
  local moddir="$1" module=open-cluster-management.io/managed-serviceaccount version
  version="$(cd "$moddir" && module_version $module)" || die "cannot read the $module version from $moddir/go.mod"
  build "$moddir" "managed-serviceaccount-${version#v}" msa "$module/cmd" "" "-s -w"
}

build_cluster_proxy() {
  local moddir="$1" module=open-cluster-management.io/cluster-proxy version bin
  version="$(cd "$moddir" && module_version $module)" || die "cannot read the $module version from $moddir/go.mod"
  local key="cluster-proxy-${version#v}"
  for bin in addon-manager addon-agent cluster-proxy; do
    build "$moddir" "$key" "$bin" "$module/cmd/$bin" "" "-s -w"
  done
  build "$moddir" "$key" proxy-server sigs.k8s.io/apiserver-network-proxy/cmd/server "" "-s -w"
  build "$moddir" "$key" proxy-agent sigs.k8s.io/apiserver-network-proxy/cmd/agent "" "-s -w"
}

# The vela-core chart's CRDs and built-in definitions (Helm templates; the harness renders the one
# include they use), copied from the module as the binaries were built from it. Replaced as a whole so
# a killed copy leaves no half directory.
copy_kubevela_chart() {
  local moddir="$1" module="$2" out="$3" src
  if [[ -f "$out/.module" && "$(cat "$out/.module")" == "$(cd "$moddir" && go list -mod=readonly -m "$module")" ]]; then
    echo "${out#"$cache"/}: cached"
    return 0
  fi
  src="$(cd "$moddir" && go list -mod=readonly -m -f '{{.Dir}}' "$module")"
  [[ -n "$src" && -d "$src/charts/vela-core/crds" ]] || die "cannot find charts/vela-core in the $module module ($src)"
  local tmp="$out.tmp.$$"
  rm -rf -- "$tmp"
  mkdir -p "$tmp"
  cp -r "$src/charts/vela-core/crds" "$src/charts/vela-core/templates/defwithtemplate" "$tmp/"
  chmod -R u+w "$tmp"
  (cd "$moddir" && go list -mod=readonly -m "$module") >"$tmp/.module"
  rm -rf -- "$out"
  mv "$tmp" "$out"
  echo "${out#"$cache"/}: copied from $module"
}

# cluster-gateway: the aggregated apiserver and the addon manager, named as their images' entrypoints
# (/apiserver, /addon-manager). Neither has version variables to stamp.
build_cluster_gateway() {
  local moddir="$1" module=github.com/oam-dev/cluster-gateway version
  version="$(cd "$moddir" && module_version $module)" || die "cannot read the $module version from $moddir/go.mod"
  build "$moddir" "cluster-gateway-${version#v}" apiserver $module/cmd/apiserver "" "-s -w"
  build "$moddir" "cluster-gateway-${version#v}" addon-manager $module/cmd/addon-manager "" "-s -w"
}

# A module that pins one tool with a `tool` directive; the binary is named after the tool's command.
build_tool() {
  local moddir="$1" pkg version
  pkg="$(sed -n 's/^tool[[:space:]]\{1,\}\([^[:space:]]*\)$/\1/p' "$moddir/go.mod" | sed -n 1p)"
  [[ -n "$pkg" ]] || die "$moddir/go.mod has no single-line tool directive"
  version="$(cd "$moddir" && go list -mod=readonly -f '{{.Module.Version}}' "$pkg")" || die "cannot resolve $pkg in $moddir/go.mod"
  build "$moddir" "$(basename "$moddir")-${version#v}" "$(basename "$pkg")" "$pkg" "" "-s -w"
}

# A module holding our own main package (main.go) around one library; named after the directory.
build_main() {
  local moddir="$1" module version
  module="$(pinned_module "$moddir")"
  version="$(cd "$moddir" && module_version "$module")" || die "cannot read the $module version from $moddir/go.mod"
  build "$moddir" "$(basename "$moddir")-${version#v}" "$(basename "$moddir")" . "" "-s -w"
}

# The module a wrapper directory pins, whose version names its cache key.
pinned_module() {
  local dir="$1"
  case "$(basename "$dir")" in
    kube) echo k8s.io/kubernetes ;;
    kstatus) echo sigs.k8s.io/cli-utils ;;
    kubelet-api) echo k8s.io/kubelet ;;
    argocd-lua) echo github.com/yuin/gopher-lua ;;
    promrules) echo github.com/prometheus/prometheus ;;
    ocm-*) echo open-cluster-management.io/ocm ;;
    clusteradm-*) echo open-cluster-management.io/clusteradm ;;
    kubevela-*) echo github.com/oam-dev/kubevela ;;
    managed-serviceaccount-*) echo open-cluster-management.io/managed-serviceaccount ;;
    cluster-proxy-*) echo open-cluster-management.io/cluster-proxy ;;
    cluster-gateway-*) echo github.com/oam-dev/cluster-gateway ;;
    *)
      # A tool module: the required module that contains the tool's package (the longest prefix).
      local pkg best="" m
      pkg="$(sed -n 's/^tool[[:space:]]\{1,\}\([^[:space:]]*\)$/\1/p' "$dir/go.mod" | sed -n 1p)"
      for m in $(sed -n 's/^[[:space:]]*\(require[[:space:]]\{1,\}\)\{0,1\}\([^[:space:]()]\{1,\}\)[[:space:]]\{1,\}v[^[:space:]]*.*$/\2/p' "$dir/go.mod"); do
        if [[ "$pkg" == "$m" || "$pkg" == "$m"/* ]] && ((${#m} > ${#best})); then best="$m"; fi
      done
      echo "$best"
      ;;
  esac
}

# The cache key <prefix>-<version> of a wrapper directory, read from its go.mod alone (no network),
# the same key the build functions use for the cache directory.
cache_key() {
  local dir="$1" module version prefix
  module="$(pinned_module "$dir")"
  [[ -n "$module" ]] || die "cannot tell which module go/$(basename "$dir") pins"
  version="$(sed -n "s|^[[:space:]]*\(require[[:space:]]\{1,\}\)\{0,1\}$module[[:space:]]\{1,\}v\([^[:space:]]*\).*$|\2|p" "$dir/go.mod" | sed -n 1p)"
  [[ -n "$version" ]] || die "go/$(basename "$dir")/go.mod does not require $module"
  prefix="$(basename "$dir")"
  prefix="${prefix%%-[0-9]*}"
  echo "$prefix-$version"
}

all=()
keys=()
for d in "$modules"/*/; do
  if [[ -f "$d/go.mod" ]]; then
    all+=("$(basename "$d")")
    keys+=("$(cache_key "$d")")
  fi
done
((${#all[@]})) || die "no wrapper modules under $modules"

check_only=0
if [[ "${1:-}" == "--check" ]]; then
  check_only=1
  shift
fi

selected=()
if (($#)); then
  for want in "$@"; do
    found=0
    for i in "${!all[@]}"; do
      c="${all[$i]}"
      if [[ "$c" == "$want" || "${c%%-*}" == "$want" || "${keys[$i]}" == "$want" ]]; then
        selected+=("$c")
        found=1
      fi
    done
    ((found)) || die "unknown component '$want' (known: ${all[*]}; cache keys: ${keys[*]})"
  done
else
  selected=("${all[@]}")
fi

if ((check_only)); then
  for c in "${selected[@]}"; do
    echo "$c -> $(cache_key "$modules/$c")"
  done
  exit 0
fi

mkdir -p "$cache" || die "cannot create the cache directory $cache"
for c in "${selected[@]}"; do
  case "$c" in
    kube) build_kube "$modules/$c" ;;
    ocm-*) build_ocm "$modules/$c" ;;
    clusteradm-*) build_clusteradm "$modules/$c" ;;
    actionlint | cue | helm) build_tool "$modules/$c" ;;
    kstatus | argocd-lua | promrules | kubelet-api) build_main "$modules/$c" ;;
    kubevela-*) build_kubevela "$modules/$c" ;;
    managed-serviceaccount-*) build_msa "$modules/$c" ;;
    cluster-proxy-*) build_cluster_proxy "$modules/$c" ;;
    cluster-gateway-*) build_cluster_gateway "$modules/$c" ;;
    *) die "no build rule for the wrapper module go/$c" ;;
  esac
done
