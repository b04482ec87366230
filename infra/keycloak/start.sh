#!/usr/bin/env bash
# Starts Keycloak locally from its distribution on Maven Central (org.keycloak:keycloak-quarkus-dist), in
# development mode with the Sibyl realm (realm-sibyl.json: portal and server clients, example users).
#   infra/keycloak/start.sh [port=8180]
# Then start Sibyl with SIBYL_OIDC_ENABLED=true SIBYL_OIDC_URL=http://127.0.0.1:<port>/realms/sibyl.
# The distribution is unpacked under ${SIBYL_HOME:-~/.sibyl}/keycloak; its admin console user is admin/admin.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=${SIBYL_KEYCLOAK_VERSION:-26.5.6}
port=${1:-8180}
base=${SIBYL_HOME:-$HOME/.sibyl}/keycloak
home=$base/keycloak-$version
if [ ! -x "$home/bin/kc.sh" ]; then
  mkdir -p "$base"
  mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$base"
  (cd "$base" && unzip -q -o "keycloak-quarkus-dist-$version.zip" && rm -f "keycloak-quarkus-dist-$version.zip")
fi
mkdir -p "$home/data/import"
cp "$here/realm-sibyl.json" "$home/data/import/realm-sibyl.json"
export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
exec "$home/bin/kc.sh" start-dev --http-port="$port" --http-management-port="$((port + 1))" --import-realm
