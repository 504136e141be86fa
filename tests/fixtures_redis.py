"""Fixture `servidor_redis`: um redis-server de verdade (pacote do Debian) numa porta livre, parado ao fim do teste.
Importada em tests/conftest.py com `from tests.fixtures_redis import *`."""
import shutil
import subprocess
import time

import pytest
import redis

from tests.util import porta_livre

__all__ = ["servidor_redis"]


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
