#!/usr/bin/env bash
# Installs what berth needs on Debian 12, as root. Sourced by quickstart.sh and test.sh.
# Runtime: runc, crun, conmon, CNI plugins. Build: a JDK 17 and Maven. Tests: a registry, etcd, skopeo, umoci,
# busybox (the test image's content), gcc (the HCS stub library), prometheus (promtool checks /metrics).

berth_runtime_packages=(runc crun conmon containernetworking-plugins iproute2 iptables busybox-static)
berth_build_packages=(openjdk-17-jdk-headless maven)
berth_test_packages=(docker-registry etcd-server etcd-client skopeo umoci apache2-utils gcc libc6-dev openssl util-linux procps prometheus)

berth_install() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "berth: missing packages: ${missing[*]} (run as root to install them)" >&2
        return 1
    fi
    echo "berth: installing ${missing[*]}"
    if [ -z "${BERTH_APT_UPDATED:-}" ]; then
        apt-get update -qq
        export BERTH_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
