"""Com REDIS_URL, a mesma fila roda sobre um Redis de verdade (pacote redis-server do Debian)."""
import shutil
import subprocess
import time

import pytest
import redis

from erp.extensions import db
from erp.tarefas import fila, services
from erp.tarefas.models import Tarefa
from tests.tarefas.test_fila import _tarefa_de_teste
from tests.util import porta_livre


@pytest.fixture
def servidor_redis(tmp_path):
    executavel = shutil.which("redis-server")
    if executavel is None:
        pytest.skip("redis-server não instalado (make test instala)")
    porta = porta_livre()
    processo = subprocess.Popen(
        [executavel, "--port", str(porta), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{porta}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    processo.terminate()
    processo.wait(5)


def test_fila_no_redis(app, servidor_redis):
    armazenamento_anterior = fila.huey.storage
    app.config["REDIS_URL"] = servidor_redis
    fila.configurar(app)
    try:
        assert type(fila.huey.storage).__name__ == "RedisStorage"
        tarefa = services.criar_tarefa("teste", "No Redis")
        _tarefa_de_teste(tarefa.id, ["x", "y"])
        assert len(fila.huey) == 1
        assert fila.executar_pendentes() == 1
        db.session.expire_all()
        assert db.session.get(Tarefa, tarefa.id).sucessos == 2
    finally:
        fila.huey.storage = armazenamento_anterior
        app.config.pop("REDIS_URL")
