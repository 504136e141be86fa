"""Falhas programadas: as próximas N requisições de um serviço recebem a falha escolhida.

- lento: espera `atraso_s` e depois processa normalmente;
- 500: responde HTTP 500 com SOAP Fault, sem processar nada;
- timeout: processa (e grava) a mensagem e só responde depois de `atraso_s` — o cliente desiste antes,
  sem saber se a nota foi autorizada;
- paralisado: responde cStat 108 (ou 109 com `cstat`=109) sem processar;
- rejeicao: responde o cStat de serviço `cstat` — 656 (consumo indevido) ou 999 (erro não catalogado) — sem
  processar.
"""
from erp.sandbox.comum.falhas import FilaDeFalhas

TIPOS = ("lento", "500", "timeout", "paralisado", "rejeicao")
CSTATS = {"paralisado": (108, 109), "rejeicao": (656, 999)}


class Falhas(FilaDeFalhas):
    TIPOS = TIPOS

    def adicionar(self, tipo: str, quantidade: int = 1, servico: str = "", atraso_s: float = 2.0,
                  cstat: int | None = None) -> dict:
        tipo, quantidade = self._validar(tipo, quantidade)
        validos = CSTATS.get(tipo, (108,))
        cstat = validos[0] if cstat is None else int(cstat)
        if cstat not in validos:
            raise ValueError(f"cstat de {tipo} deve ser {' ou '.join(map(str, validos))}")
        return self._programar({"tipo": tipo, "restantes": quantidade, "servico": str(servico or ""),
                                "atraso_s": float(atraso_s), "cstat": int(cstat)})

    def consumir(self, servico: str) -> dict | None:
        """A primeira falha programada para o serviço (ou para todos), já descontada; ou None."""
        return self._consumir_se(lambda f: not f["servico"] or f["servico"].lower() == servico.lower())
