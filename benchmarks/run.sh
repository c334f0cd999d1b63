#!/usr/bin/env bash
# Runs every benchmark — footprint, JMH, load, roster sync — and writes docs/benchmarks.md.
#   benchmarks/run.sh                       the full set: load 16–19 minutes on 2 cores, JMH (~5 min) and roster sync besides
#   benchmarks/run.sh --profile quick --skip jmh,roster   load only, shorter cells (9–10 minutes); the skipped
#                                           sections are carried over from the previous docs/benchmarks.md
#   benchmarks/run.sh --quick true          a minute or two: checks the harness, numbers mean nothing
#   benchmarks/run.sh --rounds 5 --measure 15 --threads 1,4,16   (any option of `all`, see Main)
#   EXTRA_JDK=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh   adds the load table on a JDK 21+ (1 and 16 threads)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
T="$ROOT/benchmarks/target"

# Build, and write each module's runtime closure (compile + runtime scope; never test) to <module>/target/runtime.classpath.
mvn -B -q -pl benchmarks,sdk-video,sdk-vk,sdk-transport-apache -am package dependency:build-classpath -DskipTests -DincludeScope=runtime \
    -Dmdep.outputFile=target/runtime.classpath
cp "$ROOT/sdk-core/target/runtime.classpath" "$T/sdk-core.classpath"
mvn -B -q -f benchmarks/src/footprint/vk-sdk/pom.xml dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile="$T/vk-sdk.classpath"

# Run from a copy, so rebuilding while the benchmarks run cannot change what they measure.
rm -rf "$T/run" && mkdir -p "$T/run"
cp -r "$T/benchmarks.jar" "$T/lib" "$T/classes" "$T/run/"
CORE_JAR="$(ls "$ROOT"/sdk-core/target/sferum-sdk-core-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
cp "$CORE_JAR" "$T/run/sferum-sdk-core.jar"
# A chat send needs a backend: VK's (sdk-vk, over sdk-chat) is the closure of the first-chat-send figure.
VK_JAR="$(ls "$ROOT"/sdk-vk/target/sferum-sdk-vk-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
APACHE_JAR="$(ls "$ROOT"/sdk-transport-apache/target/sferum-sdk-transport-apache-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
VIDEO_JAR="$(ls "$ROOT"/sdk-video/target/sferum-sdk-video-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"

# A JDK 21+ for the extra virtual-thread table, only when asked for (EXTRA_JDK=/path/to/jdk): it adds ~8 minutes.
EXTRA_JDK="${EXTRA_JDK:-}"
EXTRA=()
if [ -n "$EXTRA_JDK" ] && [ -x "$EXTRA_JDK/bin/java" ]; then
  EXTRA=(--extra-java "$EXTRA_JDK/bin/java")
fi

exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$T/run/benchmarks.jar" all \
    --out docs/benchmarks.md \
    --command "benchmarks/run.sh${*:+ $*}" \
    --core-classpath "$T/sdk-core.classpath" --core-jar "$T/run/sferum-sdk-core.jar" \
    --peer-classpath "$T/vk-sdk.classpath" \
    --chat-classpath "$ROOT/sdk-vk/target/runtime.classpath" --chat-jar "$VK_JAR" \
    --video-classpath "$ROOT/sdk-video/target/runtime.classpath" --video-jar "$VIDEO_JAR" \
    --apache-classpath "$ROOT/sdk-transport-apache/target/runtime.classpath" --apache-jar "$APACHE_JAR" \
    "${EXTRA[@]}" "$@"
