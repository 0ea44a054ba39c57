#!/usr/bin/env bash
# Defines make_busybox_layout DIR: a one-layer busybox OCI image layout (tag "latest") built from the host's static
# /bin/busybox with a symlink per applet, in plain shell (tar, gzip, sha256sum). Sourced by scripts/quickstart.sh and
# benchmarks/agent-bench.sh.
make_busybox_layout() {
    local out=$1 rootfs layer_tar config_json manifest_json
    rootfs=$(mktemp -d)
    mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,root}
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$rootfs/etc/passwd"
    printf 'root:x:0:\n' > "$rootfs/etc/group"
    mkdir -p "$out/blobs/sha256"
    layer_tar="$out/layer.tar"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$layer_tar" .
    rm -rf "$rootfs"
    local diff_id layer_digest layer_size
    diff_id=$(sha256sum "$layer_tar" | cut -d' ' -f1)
    gzip -n -9 "$layer_tar"
    layer_digest=$(sha256sum "$layer_tar.gz" | cut -d' ' -f1)
    layer_size=$(stat -c %s "$layer_tar.gz")
    mv "$layer_tar.gz" "$out/blobs/sha256/$layer_digest"
    local arch
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
    config_json=$(printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$arch" "$diff_id")
    local config_digest config_size
    config_digest=$(printf '%s' "$config_json" | sha256sum | cut -d' ' -f1)
    config_size=$(printf '%s' "$config_json" | wc -c)
    printf '%s' "$config_json" > "$out/blobs/sha256/$config_digest"
    manifest_json=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
        "$config_digest" "$config_size" "$layer_digest" "$layer_size")
    local manifest_digest manifest_size
    manifest_digest=$(printf '%s' "$manifest_json" | sha256sum | cut -d' ' -f1)
    manifest_size=$(printf '%s' "$manifest_json" | wc -c)
    printf '%s' "$manifest_json" > "$out/blobs/sha256/$manifest_digest"
    printf '{"imageLayoutVersion":"1.0.0"}' > "$out/oci-layout"
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
        "$manifest_digest" "$manifest_size" > "$out/index.json"
}
