"""Falhas programadas: as próximas N requisições que casarem recebem a falha escolhida."""
import threading

TIPOS = ("lento", "429", "500", "desconectar", "json_invalido")


class Falhas:
    def __init__(self):
        self._programadas: list[dict] = []
        self._trava = threading.Lock()

    def adicionar(self, tipo: str, quantidade: int = 1, prefixo: str = "", atraso_s: float = 2.0,
                  metodo: str = "") -> dict:
        tipo = str(tipo)
        if tipo not in TIPOS:
            raise ValueError(f"tipo de falha desconhecido: {tipo} (use {', '.join(TIPOS)})")
        quantidade = int(quantidade)
        if quantidade < 1:
            raise ValueError("quantidade deve ser ao menos 1")
        prefixo = str(prefixo or "")
        if prefixo and not prefixo.startswith("/web_api"):
            prefixo = "/web_api" + ("" if prefixo.startswith("/") else "/") + prefixo
        falha = {"tipo": tipo, "restantes": quantidade, "prefixo": prefixo, "atraso_s": float(atraso_s),
                 "metodo": str(metodo or "").upper()}
        with self._trava:
            self._programadas.append(falha)
        return dict(falha)

    def consumir(self, metodo: str, caminho: str) -> dict | None:
        """A primeira falha programada que casa com a requisição, já descontada; ou None."""
        with self._trava:
            for falha in self._programadas:
                if falha["metodo"] and falha["metodo"] != metodo:
                    continue
                if falha["prefixo"] and not caminho.startswith(falha["prefixo"]):
                    continue
                falha["restantes"] -= 1
                if falha["restantes"] <= 0:
                    self._programadas.remove(falha)
                return dict(falha)
        return None

    def listar(self) -> list[dict]:
        with self._trava:
            return [dict(f) for f in self._programadas]

    def limpar(self) -> None:
        with self._trava:
            self._programadas.clear()
