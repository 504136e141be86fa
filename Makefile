# make run  — prepara tudo e sobe a demonstração (simulador Tray, trabalhador e retaguarda)
# make test — prepara tudo e roda todos os testes
PY      := .venv/bin/python
FLASK   := .venv/bin/flask --app wsgi
PORTA   ?= 5000
VENDOR  := static/vendor
# A demonstração e os testes ligam o que só eles usam: a linha de comando dos simuladores e
# endereços da Tray em 127.0.0.1. Produção é o que roda sem nada disso.
run test: export ERP_SANDBOX = 1
run test: export ERP_PERMITIR_REDE_LOCAL = 1

.PHONY: run test preparar sistema sistema-testes estaticos migrar limpar

preparar: .venv/.instalado $(VENDOR)/.copiado

.venv/.instalado: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(VENDOR)/.copiado: package.json
	bash scripts/estaticos.sh
	touch $@

sistema:
	bash scripts/pacotes_debian.sh

sistema-testes:
	bash scripts/pacotes_debian.sh xmlsec1 chromium poppler-utils redis-server

migrar: preparar
	$(FLASK) db upgrade

run: preparar migrar
	PORTA=$(PORTA) bash scripts/rodar_demo.sh

test: preparar sistema-testes
	.venv/bin/lint-imports --no-cache
	bash scripts/verificar_seguranca.sh
	$(PY) -m pytest $(PYTEST_ARGS)

limpar:
	rm -rf .venv node_modules $(VENDOR) instance .pytest_cache
