#!/usr/bin/env bash
# Sobe um PostgreSQL descartável (pacote do Debian) na porta 54329 e cria o banco erp_teste.
# Imprime a DATABASE_URL para usar nos testes.
set -euo pipefail
bash "$(dirname "$0")/pacotes_debian.sh" postgresql >&2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dados=${PG_DADOS:-/tmp/erp-tray-pg}
porta=${PG_PORTA:-54329}
usuario_so=postgres
if [ "$(id -u)" != 0 ]; then usuario_so=$(id -un); fi
como() { if [ "$(id -u)" = 0 ]; then su "$usuario_so" -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ -f "$dados/postmaster.pid" ]; then como "$bin/pg_ctl -D $dados -m fast stop" >&2 || true; fi
rm -rf "$dados" && mkdir -p "$dados" && chown "$usuario_so" "$dados"
como "$bin/initdb -D $dados -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
como "$bin/pg_ctl -D $dados -o '-p $porta -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' -l $dados/log -w start" >&2
como "$bin/psql -h /tmp -p $porta -U postgres -qc \"CREATE DATABASE erp_teste\"" >&2
echo "postgresql://postgres@127.0.0.1:$porta/erp_teste"
