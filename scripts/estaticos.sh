#!/usr/bin/env bash
# Instala as bibliotecas de front-end pelo npm e copia o que a aplicação serve para static/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --loglevel=error >/dev/null
v=static/vendor
rm -rf "$v" && mkdir -p "$v/bootstrap" "$v/bootstrap-icons" "$v/htmx" "$v/chartjs"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$v/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$v/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$v/bootstrap-icons/"
cp -r node_modules/bootstrap-icons/font/fonts "$v/bootstrap-icons/"
cp node_modules/htmx.org/dist/htmx.min.js "$v/htmx/"
cp node_modules/chart.js/dist/chart.umd.min.js "$v/chartjs/"
