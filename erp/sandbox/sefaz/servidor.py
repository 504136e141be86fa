"""Servidor do simulador da SEFAZ numa thread (testes) ou em primeiro plano (`flask sandbox sefaz`)."""
from erp.sandbox.comum.servidor import HOST, SimuladorHttp, servidor_wsgi
from erp.sandbox.sefaz.app import criar_app_simulador
from erp.sandbox.sefaz.estado import CHAVE, EstadoSefaz

__all__ = ["HOST", "SimuladorSefaz", "criar_simulador", "iniciar_em_thread"]


class SimuladorSefaz(SimuladorHttp):
    @property
    def estado(self) -> EstadoSefaz:
        return self.app.extensions[CHAVE]

    @property
    def url(self) -> str:
        """O valor de SEFAZ_URL: o cliente troca o esquema e o host das URLs oficiais por este."""
        return self.url_base

    def _ao_parar(self) -> None:
        self.estado.parando.set()  # libera as requisições presas numa falha "timeout"


def criar_simulador(porta: int = 0, registrar_acessos: bool = False, **opcoes) -> SimuladorSefaz:
    """Opções: ambiente (2), consultas_em_processamento (1), tempo_medio_s (1), prazo_cancelamento_h (24),
    dias_atraso_maximo (30)."""
    app = criar_app_simulador(**opcoes)
    return SimuladorSefaz(app=app, servidor=servidor_wsgi(app, porta, registrar_acessos))


def iniciar_em_thread(porta: int = 0, **opcoes) -> SimuladorSefaz:
    """Simulador servindo em 127.0.0.1 numa thread; `porta` 0 escolhe uma porta livre."""
    return criar_simulador(porta, **opcoes).iniciar_thread("sefaz-sim")
