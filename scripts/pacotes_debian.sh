#!/usr/bin/env bash
# Instala pacotes do Debian que faltam (xmlsec1, chromium, postgresql...). Sem argumentos: todos.
set -euo pipefail
pacotes=("$@")
[ ${#pacotes[@]} -gt 0 ] || pacotes=(xmlsec1 chromium postgresql)
faltam=()
for p in "${pacotes[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || faltam+=("$p")
done
[ ${#faltam[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Faltam pacotes do Debian: ${faltam[*]} (instale com: sudo apt-get install ${faltam[*]})" >&2
  exit 1
fi
echo "Instalando pacotes do Debian: ${faltam[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${faltam[@]}" >/dev/null
