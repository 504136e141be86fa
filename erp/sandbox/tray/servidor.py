"""Servidor do simulador em uma thread (testes) ou em primeiro plano (CLI)."""
from erp.sandbox.comum.servidor import HOST, SimuladorHttp, servidor_wsgi
from erp.sandbox.tray.app import criar_app_simulador
from erp.sandbox.tray.contexto import CHAVE
from erp.sandbox.tray.estado import EstadoLoja
from erp.sandbox.tray.semente import carregar_semente

__all__ = ["HOST", "SimuladorTray", "criar_simulador", "iniciar_em_thread"]


class SimuladorTray(SimuladorHttp):
    @property
    def estado(self) -> EstadoLoja:
        return self.app.extensions[CHAVE]

    @property
    def url_api(self) -> str:
        return f"{self.url_base}/web_api"

    @property
    def store_id(self) -> str:
        return self.estado.loja["id"]

    @property
    def code(self) -> str:
        return self.estado.loja["code"]

    @property
    def consumer_key(self) -> str:
        return self.estado.app["consumer_key"]

    @property
    def consumer_secret(self) -> str:
        return self.estado.app["consumer_secret"]

    def aguardar_imagens(self, timeout_s: float = 5.0) -> bool:
        """Espera a fila de imagens esvaziar (útil em testes); False se o tempo acabou antes."""
        return self.estado.fila_imagens.aguardar(timeout_s=timeout_s)

    def _ao_parar(self) -> None:
        self.estado.notificador.parar()
        self.estado.fila_imagens.parar()


def criar_simulador(seed: dict | None = None, porta: int = 0, webhook_url=None, webhook_duplicado=False,
                    registrar_acessos: bool = False, **opcoes) -> SimuladorTray:
    """Monta app e servidor (sem iniciar). `seed` None = semente de demonstração."""
    semente = carregar_semente(seed)
    app = criar_app_simulador(semente, webhook_url=webhook_url, webhook_duplicado=webhook_duplicado, **opcoes)
    simulador = SimuladorTray(app=app, servidor=servidor_wsgi(app, porta, registrar_acessos))
    simulador.estado.url_base = simulador.url_base
    return simulador


def iniciar_em_thread(seed: dict | None = None, porta: int = 0, webhook_url=None, webhook_duplicado=False,
                      **opcoes) -> SimuladorTray:
    """Simulador servindo em 127.0.0.1 numa thread; `porta` 0 escolhe uma porta livre.

    Opções extras: webhook_intervalos_s (ex.: (0.05, 0.1)), webhook_max_tentativas, timeout_imagem_s.
    """
    return criar_simulador(seed, porta, webhook_url, webhook_duplicado, **opcoes).iniciar_thread("tray-sim")
