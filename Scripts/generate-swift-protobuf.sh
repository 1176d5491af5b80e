#!/usr/bin/env bash
# Regenerates the swift-protobuf code the encoding comparison benchmark uses
# (Benchmarks/Comparison/Sources/OTLPSwiftProtobuf) from Protos/. Only the benchmark needs it;
# the library never depends on swift-protobuf. Needs protoc (Debian protobuf-compiler) and
# protoc-gen-swift: pass its path as $1, or have it on PATH. Building protoc-gen-swift from
# swift-protobuf 1.39.0 takes about ten minutes on 2 cores:
#   git clone <swift-protobuf> && git -C swift-protobuf checkout 1.39.0 &&
#   swift build -c release --package-path swift-protobuf --product protoc-gen-swift
set -euo pipefail
cd "$(dirname "$0")/.."

plugin="${1:-$(command -v protoc-gen-swift || true)}"
[ -x "$plugin" ] || { echo "protoc-gen-swift not found: pass its path as the first argument" >&2; exit 1; }
command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }

out=Benchmarks/Comparison/Sources/OTLPSwiftProtobuf
rm -f "$out"/*.pb.swift
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores \
    --proto_path=Protos --swift_out="$out" $(cd Protos && find opentelemetry -name '*.proto' | sort)
echo "wrote $(ls "$out"/*.pb.swift | wc -l) files to $out"
