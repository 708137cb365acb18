#!/usr/bin/env bash
# Runs one provider's mock with WireMock standalone.
#
#   mock-providers/run.sh <bkash|nagad|mpesa|mtn> [port] [--delay-ms N] [--timeout-after-record-percent N]
#                         [--slow-ms N] [--timeout-delay-ms N] [--callback-delay-ms N] [--token-ttl-seconds N]
#                         [--log]
#
# Default port: bkash 9101, nagad 9102, mpesa 9103, mtn 9104. Builds the module first if needed.
# --log prints one masked line per payout event. WireMock's own --verbose is not offered: it dumps
# whole request bodies, wallet numbers included.
# Extra JVM options go in MOCK_JAVA_OPTS (e.g. -Dmock.nagad.merchantPublicKey=/path/to/key.pem).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
provider="$1"
shift
case "$provider" in
    bkash) port=9101 ;;
    nagad) port=9102 ;;
    mpesa) port=9103 ;;
    mtn) port=9104 ;;
    *) echo "unknown provider: $provider" >&2; usage ;;
esac
if [[ $# -ge 1 && "$1" =~ ^[0-9]+$ ]]; then
    port="$1"
    shift
fi
if [[ "$port" == "8080" ]]; then
    echo "port 8080 belongs to the gateway; pick another" >&2
    exit 2
fi

settings=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --delay-ms) settings+=("-Dmock.delayMs=$2"); shift 2 ;;
        --timeout-after-record-percent) settings+=("-Dmock.timeoutAfterRecordPercent=$2"); shift 2 ;;
        --slow-ms) settings+=("-Dmock.slowMs=$2"); shift 2 ;;
        --timeout-delay-ms) settings+=("-Dmock.timeoutDelayMs=$2"); shift 2 ;;
        --callback-delay-ms) settings+=("-Dmock.callbackDelayMs=$2"); shift 2 ;;
        --token-ttl-seconds) settings+=("-Dmock.tokenTtlSeconds=$2"); shift 2 ;;
        --log) settings+=("-Dmock.log=true"); shift ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
done

jar="$here/target/mock-providers-0.1.0-SNAPSHOT.jar"
classpath_file="$here/target/runtime-classpath.txt"
newest_source="$(find "$here/src/main" "$here/pom.xml" "$here/keys" -newer "$jar" -print -quit 2>/dev/null || true)"
if [[ ! -f "$jar" || ! -f "$classpath_file" || -n "$newest_source" ]]; then
    echo "building mock-providers..." >&2
    "$here/../mvnw" -f "$here/pom.xml" -q package -DskipTests >&2
fi

# shellcheck disable=SC2086
# WireMock's --extensions flag cannot take an ExtensionFactory, so MockExtensions is found by WireMock's
# extension scanning (META-INF/services) and switched on by -Dmock.providers.enabled=true.
exec java ${MOCK_JAVA_OPTS:-} "${settings[@]}" -Dmock.providers.enabled=true \
    -cp "$jar:$(cat "$classpath_file")" \
    wiremock.Run \
    --root-dir "$here/$provider" \
    --port "$port" \
    --async-response-enabled true \
    --container-threads 64 \
    --no-request-journal \
    --disable-banner
