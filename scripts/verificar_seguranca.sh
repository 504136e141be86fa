#!/usr/bin/env bash
# Verificações de segurança do `make test`: bandit no código do produto e pip-audit nas dependências fixadas.
# Os simuladores (erp/sandbox) ficam de fora do bandit: são ferramentas de teste, com credenciais de mentira.
set -uo pipefail
cd "$(dirname "$0")/.."
echo "== bandit (erp/, sem erp/sandbox) =="
# Todo achado, de qualquer gravidade, falha; os aceitos levam `# nosec BNNN` com o motivo na mesma linha.
.venv/bin/bandit -q -r erp -x erp/sandbox || { echo "bandit encontrou problemas (acima)." >&2; exit 1; }
echo "bandit: nenhum achado."

echo "== pip-audit (requirements.txt) =="
saida=$(timeout 180 .venv/bin/pip-audit -r requirements.txt --progress-spinner off 2>&1)
codigo=$?
if grep -qi "known vulnerabilit" <<<"$saida" && ! grep -qi "no known vulnerabilities" <<<"$saida"; then
  echo "$saida"
  echo "pip-audit: há vulnerabilidade conhecida numa dependência fixada." >&2
  exit 1
elif [ $codigo -ne 0 ] || grep -qi "could not be audited" <<<"$saida"; then
  echo "pip-audit: PULADO — a fonte de vulnerabilidades não respondeu daqui (só os registros de pacotes são alcançáveis)."
else
  echo "pip-audit: nenhuma vulnerabilidade conhecida."
fi
exit 0
