"""Fila de falhas programadas: as próximas N requisições que casarem recebem a falha escolhida."""
import threading


class FilaDeFalhas:
    """Cada simulador diz seus `TIPOS`, monta a falha (`programar`) e diz quando ela casa (`consumir`)."""

    TIPOS: tuple[str, ...] = ()

    def __init__(self):
        self._programadas: list[dict] = []
        self._trava = threading.Lock()

    def _validar(self, tipo, quantidade) -> tuple[str, int]:
        tipo = str(tipo)
        if tipo not in self.TIPOS:
            raise ValueError(f"tipo de falha desconhecido: {tipo} (use {', '.join(self.TIPOS)})")
        quantidade = int(quantidade)
        if quantidade < 1:
            raise ValueError("quantidade deve ser ao menos 1")
        return tipo, quantidade

    def _programar(self, falha: dict) -> dict:
        with self._trava:
            self._programadas.append(falha)
        return dict(falha)

    def _consumir_se(self, casa) -> dict | None:
        """A primeira falha programada para a qual `casa(falha)` é verdade, já descontada; ou None."""
        with self._trava:
            for falha in self._programadas:
                if not casa(falha):
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
