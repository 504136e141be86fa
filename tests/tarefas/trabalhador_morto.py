"""Processo que começa uma tarefa longa e fica nela, com o sinal de vida ligado, até ser morto (kill -9)."""
import json
import sys
import time

from erp import create_app
from erp.tarefas import fila, services

config = json.loads(sys.argv[1])
tarefa_id = int(sys.argv[2])
app = create_app(config)
with app.app_context():
    services.iniciar(tarefa_id, total=3)
    services.registrar_item(tarefa_id, "1", "importado")
    parar = fila.iniciar_batimentos(0.2)
    print("começou", flush=True)
    time.sleep(120)
