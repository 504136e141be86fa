"""O endereço da coisa de que fala cada item de resultado ("NF-e nº 12" vira um link para a nota).

A fila não conhece as telas de quem a usa: cada módulo registra, para o tipo das suas tarefas, uma função que
recebe o item e devolve o endereço (ou None). As telas de progresso pedem `ligacao_do_item(tarefa, item)` e o
filtro `com_link` põe o link em volta de cada "NF-e nº N" do texto."""
import re
from collections.abc import Callable

from markupsafe import Markup, escape

_LIGACOES: dict[str, Callable] = {}
_NFE = re.compile(r"NF-e nº \d+")


def registrar(tipo_tarefa: str, funcao: Callable) -> None:
    _LIGACOES[tipo_tarefa] = funcao


def ligacao_do_item(tarefa, item) -> str | None:
    funcao = _LIGACOES.get(tarefa.tipo)
    return funcao(item) if funcao else None


def com_link(texto: str | None, url: str | None) -> Markup:
    """O texto escapado, com cada "NF-e nº N" como link para `url`."""
    seguro = str(escape(texto or ""))
    if not url:
        return Markup(seguro)  # nosec B704 — `seguro` é o texto já escapado (escape) acima
    destino = escape(url)
    # Só texto escapado e o endereço escapado; o <a> é nosso.
    return Markup(_NFE.sub(lambda achado: f'<a href="{destino}" class="link-nfe">{achado.group(0)}</a>', seguro))  # nosec B704
