"""Falhas programadas: as próximas N requisições de um serviço recebem a falha escolhida.

- lento: espera `atraso_s` e depois processa normalmente;
- 500: responde HTTP 500 com SOAP Fault, sem processar nada;
- timeout: processa (e grava) a mensagem e só responde depois de `atraso_s` — o cliente desiste antes,
  sem saber se a nota foi autorizada;
- paralisado: responde cStat 108 (ou 109 com `cstat`=109) sem processar.
"""
import threading

TIPOS = ("lento", "500", "timeout", "paralisado")


class Falhas:
    def __init__(self):
        self._programadas: list[dict] = []
        self._trava = threading.Lock()

    def adicionar(self, tipo: str, quantidade: int = 1, servico: str = "", atraso_s: float = 2.0,
                  cstat: int = 108) -> dict:
        tipo = str(tipo)
        if tipo not in TIPOS:
            raise ValueError(f"tipo de falha desconhecido: {tipo} (use {', '.join(TIPOS)})")
        quantidade = int(quantidade)
        if quantidade < 1:
            raise ValueError("quantidade deve ser ao menos 1")
        if int(cstat) not in (108, 109):
            raise ValueError("cstat de paralisação deve ser 108 ou 109")
        falha = {"tipo": tipo, "restantes": quantidade, "servico": str(servico or ""),
                 "atraso_s": float(atraso_s), "cstat": int(cstat)}
        with self._trava:
            self._programadas.append(falha)
        return dict(falha)

    def consumir(self, servico: str) -> dict | None:
        with self._trava:
            for falha in self._programadas:
                if falha["servico"] and falha["servico"].lower() != servico.lower():
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
