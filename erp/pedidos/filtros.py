"""Filtros da tela Importar Pedidos (e da importação "todos do filtro")."""
from dataclasses import asdict, dataclass
from datetime import date

from erp.lojas_virtuais.tray import api
from erp.vendas.consultas import ler_data

LIMITES = (10, 20, 30, 50)  # 50 é o máximo da Tray por página
SITUACOES = {"integrado": "Integrado", "nao_integrado": "Não integrado"}


def _inteiro(valor, padrao: int) -> int:
    try:
        return int(str(valor).strip())
    except (TypeError, ValueError):
        return padrao


@dataclass
class Filtros:
    status: str = ""
    cliente: str = ""
    de: date | None = None
    ate: date | None = None
    situacao: str = ""
    numero: str = ""
    pagina: int = 1
    limite: int = 20

    @classmethod
    def de_dict(cls, dados) -> "Filtros":
        dados = dados or {}
        limite = _inteiro(dados.get("limite"), 20)
        situacao = (dados.get("situacao") or "").strip()
        return cls(
            status=(dados.get("status") or "").strip(),
            cliente=(dados.get("cliente") or "").strip(),
            de=ler_data(dados.get("de")),
            ate=ler_data(dados.get("ate")),
            situacao=situacao if situacao in SITUACOES else "",
            numero="".join(c for c in (dados.get("numero") or "") if c.isdigit()),
            pagina=max(1, _inteiro(dados.get("pagina"), 1)),
            limite=min(max(1, limite), 50),
        )

    def como_dict(self) -> dict:
        """Texto simples (para parâmetros de tarefa e links)."""
        dados = asdict(self)
        dados["de"] = self.de.isoformat() if self.de else ""
        dados["ate"] = self.ate.isoformat() if self.ate else ""
        return dados

    def consulta(self, **mudancas) -> dict:
        """Parâmetros de URL sem os vazios (para os links de página)."""
        dados = {**self.como_dict(), **mudancas}
        return {k: v for k, v in dados.items() if v not in ("", None)}

    def da_tray(self, cliente_id: str = "") -> dict:
        """Os filtros que a própria Tray aplica (status, número, datas e, se dado, o cliente)."""
        return api.filtros_de_pedidos(status=self.status, numero=self.numero, de=self.de, ate=self.ate,
                                      cliente_id=cliente_id)
