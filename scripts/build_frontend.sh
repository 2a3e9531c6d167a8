#!/usr/bin/env bash
# Rebuilds the vendored front-end files under static/vendor from the npm packages pinned in
# frontend/package-lock.json. The output is committed: running the service never needs npm.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
npm ci --no-audit --no-fund
out=../static/vendor
mkdir -p "$out/nhsuk-frontend" "$out/chart.js"
npx sass --no-source-map --style=compressed --load-path=node_modules nhsuk.scss "$out/nhsuk-frontend/nhsuk-frontend.min.css"
cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js.map "$out/nhsuk-frontend/"
rm -rf "$out/nhsuk-frontend/assets"
cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets "$out/nhsuk-frontend/assets"
cp node_modules/chart.js/dist/chart.umd.js node_modules/chart.js/dist/chart.umd.js.map "$out/chart.js/"
cp node_modules/nhsuk-frontend/LICENSE* "$out/nhsuk-frontend/" 2>/dev/null || true
cp node_modules/chart.js/LICENSE* "$out/chart.js/" 2>/dev/null || true
echo "vendored into static/vendor"
