"""Com REDIS_URL, a mesma fila roda sobre um Redis de verdade (pacote redis-server do Debian)."""
from erp.extensions import db
from erp.tarefas import fila, services
from erp.tarefas.models import Tarefa
from tests.tarefas.test_fila import _tarefa_de_teste


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
