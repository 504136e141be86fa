"""Um trabalhador da fila num processo próprio, como em produção: `tarefas trabalhar` com a configuração dada
(REDIS_URL incluída). Roda até receber SIGTERM.

    python -m tests.tarefas.trabalhador_redis CONFIG_JSON
"""
import json
import sys

from erp import create_app

app = create_app(json.loads(sys.argv[1]))
resultado = app.test_cli_runner().invoke(args=["tarefas", "trabalhar", "--trabalhadores", "2"])
print(resultado.output, flush=True)
if resultado.exception and not isinstance(resultado.exception, SystemExit):
    raise resultado.exception
