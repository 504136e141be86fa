"""Falhas programadas: as próximas N requisições que casarem recebem a falha escolhida."""
from erp.sandbox.comum.falhas import FilaDeFalhas

TIPOS = ("lento", "400", "403", "429", "500", "desconectar", "json_invalido")


class Falhas(FilaDeFalhas):
    TIPOS = TIPOS

    def adicionar(self, tipo: str, quantidade: int = 1, prefixo: str = "", atraso_s: float = 2.0,
                  metodo: str = "") -> dict:
        tipo, quantidade = self._validar(tipo, quantidade)
        prefixo = str(prefixo or "")
        if prefixo and not prefixo.startswith("/web_api"):
            prefixo = "/web_api" + ("" if prefixo.startswith("/") else "/") + prefixo
        return self._programar({"tipo": tipo, "restantes": quantidade, "prefixo": prefixo,
                                "atraso_s": float(atraso_s), "metodo": str(metodo or "").upper()})

    def consumir(self, metodo: str, caminho: str) -> dict | None:
        """A primeira falha programada que casa com a requisição, já descontada; ou None."""
        return self._consumir_se(lambda f: (not f["metodo"] or f["metodo"] == metodo)
                                 and (not f["prefixo"] or caminho.startswith(f["prefixo"])))
