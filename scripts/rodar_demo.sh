#!/usr/bin/env bash
# Sobe a demonstração: simulador da Tray com a loja demo, trabalhador da fila e a retaguarda.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTA=${PORTA:-5000}
PORTA_TRAY=${PORTA_TRAY:-8765}
PORTA_SEFAZ=${PORTA_SEFAZ:-8766}
PORTA_SMTP=${PORTA_SMTP:-8025}
export SEFAZ_URL=${SEFAZ_URL:-http://127.0.0.1:$PORTA_SEFAZ}
# E-mail ao comprador: um servidor SMTP local que aceita tudo e guarda cada mensagem em instance/emails-demo/.
export SMTP_URL=${SMTP_URL:-smtp://127.0.0.1:$PORTA_SMTP}
FLASK=".venv/bin/flask --app wsgi"
export ERP_URL_PUBLICA=${ERP_URL_PUBLICA:-http://127.0.0.1:$PORTA}
mkdir -p instance
# Os comandos de linha (nfe transmitir, ...) desta instalação também falam com a SEFAZ simulada.
{ grep -v '^SEFAZ_URL\|^SMTP_URL' instance/erp.cfg 2>/dev/null || true; echo "SEFAZ_URL = \"$SEFAZ_URL\"";
  echo "SMTP_URL = \"$SMTP_URL\""; } > instance/erp.cfg.novo
mv instance/erp.cfg.novo instance/erp.cfg
log=instance/demo.log
: > "$log"

SENHA_DEMO=${SENHA_DEMO:-demonstracao}
$FLASK usuarios criar --email demo@erp.local --senha "$SENHA_DEMO" --admin --nome "Demonstração" >/dev/null 2>&1 || true
bash scripts/preparar_demo.sh >>"$log" 2>&1 || echo "Aviso: preparação dos dados de demonstração incompleta (veja $log)."

pids=()
parar() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap parar EXIT INT TERM

# O endereço das notificações leva o segredo desta instalação (instance/webhook.key).
$FLASK sandbox tray --porta "$PORTA_TRAY" --webhook "$($FLASK pedidos url-webhook)" >>"$log" 2>&1 &
pids+=($!)
$FLASK sandbox sefaz --porta "$PORTA_SEFAZ" >>"$log" 2>&1 &
pids+=($!)
.venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$PORTA_SMTP" -c aiosmtpd.handlers.Mailbox instance/emails-demo \
  >>"$log" 2>&1 &
pids+=($!)
$FLASK tarefas trabalhar >>"$log" 2>&1 &
pids+=($!)
# A retaguarda num servidor WSGI de verdade (gunicorn), como em produção; RECARREGAR=1 recarrega ao editar.
.venv/bin/gunicorn --bind "127.0.0.1:$PORTA" --workers "${WORKERS_WEB:-2}" --threads 4 \
  ${RECARREGAR:+--reload} --access-logfile - wsgi:app >>"$log" 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  .venv/bin/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORTA/saude', timeout=1)" 2>/dev/null && break
  sleep 0.5
done

cat <<TXT

  erp-tray no ar: http://127.0.0.1:$PORTA
  Login: demo@erp.local / $SENHA_DEMO

  Para conectar a loja de demonstração (Lojas Virtuais → Nova loja virtual):
    Loja:    Tray Commerce
    Usuário: 391250
    Site:    http://127.0.0.1:$PORTA_TRAY/web_api
    Code:    code-demo

  SEFAZ simulada (homologação) em $SEFAZ_URL: as NF-e assinadas podem ser transmitidas.
  Contingência SVC: $FLASK sandbox sefaz-servico --cstat 109 para a SEFAZ autorizadora (--cstat 107 a devolve).
  E-mails ao comprador (XML e DANFE): servidor local em $SMTP_URL, mensagens em instance/emails-demo/new/
  (lista em NF-e → E-mails). XML autorizados arquivados em instance/xml/.

  Registro dos serviços: $log   ·   Ctrl+C encerra tudo.
TXT
wait -n "${pids[@]}"
