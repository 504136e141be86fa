#!/usr/bin/env bash
# Dados de demonstração do ERP (empresa emitente, certificado de teste, catálogo). Idempotente.
set -uo pipefail
cd "$(dirname "$0")/.."
FLASK=".venv/bin/flask --app wsgi"
d=erp/sandbox/dados
if [ -f "$d/empresa_demo.json" ] && $FLASK empresa --help >/dev/null 2>&1; then
  $FLASK empresa configurar --arquivo "$d/empresa_demo.json"
  if [ ! -f instance/demo_a1.pfx ]; then
    cnpj=$(python3 -c "import json;print(json.load(open('$d/empresa_demo.json'))['cnpj'])")
    razao=$(python3 -c "import json;print(json.load(open('$d/empresa_demo.json'))['razao_social'])")
    $FLASK sandbox certificado --cnpj "$cnpj" --razao-social "$razao" --saida instance/demo_a1.pfx --senha demo
  fi
  $FLASK empresa certificado --arquivo instance/demo_a1.pfx --senha demo
fi
if [ -f "$d/produtos_demo.csv" ] && $FLASK produtos --help >/dev/null 2>&1; then
  $FLASK produtos importar --arquivo "$d/produtos_demo.csv"
fi
exit 0
