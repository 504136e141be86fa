"""Filtros da tela Importar Pedidos (e da importação "todos do filtro")."""
from dataclasses import asdict, dataclass
from datetime import date

LIMITES = (10, 20, 30, 50)  # 50 é o máximo da Tray por página
SITUACOES = {"integrado": "Integrado", "nao_integrado": "Não integrado"}


def ler_data(valor) -> date | None:
    if isinstance(valor, date):
        return valor
    try:
        return date.fromisoformat((valor or "").strip()[:10])
    except ValueError:
        return None


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

    def params_tray(self) -> dict:
        """Os filtros que a própria Tray aplica (tray-api.md §12: status por nome, data "de,até")."""
        params = {"sort": "id_desc"}
        if self.status:
            params["status"] = self.status
        if self.numero:
            params["id"] = self.numero
        if self.de or self.ate:
            inicio = (self.de or date(2000, 1, 1)).isoformat()
            params["date"] = f"{inicio},{self.ate.isoformat()}" if self.ate else inicio
        return params
