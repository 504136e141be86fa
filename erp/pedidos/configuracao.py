"""Ajustes de importação por loja: status importados, importação automática, onde ficam os juros e a sondagem
periódica dos pedidos alterados (a cada N minutos; 0 desliga).

Este módulo é o dono dos ajustes: a importação, o lote e as notificações os leem por `configuracao_da_loja` e
a tela de configuração os grava por `salvar_configuracao` (as colunas moram na linha da loja virtual)."""
from dataclasses import dataclass, field

from erp.extensions import db
from erp.pedidos.mapeamento import status_aguarda_pagamento, status_cancelado
from erp.pedidos.models import FormaPagamentoLoja
from erp.pedidos.pagamentos import CREDITO, MEIOS_PAGAMENTO, chave_forma, codigo_tpag
from erp.vendas.estados import SITUACOES_A_FATURAR
from erp.vendas.models import Venda, VendaPagamento

JUROS_COMO = {
    "outras_despesas": "Em outras despesas (padrão)",
    "itens": "Rateados nos preços dos itens",
}


class ConfiguracaoInvalida(ValueError):
    pass


@dataclass(frozen=True)
class ConfiguracaoImportacao:
    status_importaveis: tuple[str, ...] = ()  # vazio: os pagos (nem cancelados nem aguardando pagamento)
    importacao_automatica: bool = False  # as notificações da Tray importam sozinhas
    juros_como: str = "outras_despesas"  # juros e tarifas do pagamento: em outras despesas ou nos itens
    sondagem_min: int = 0  # a cada quantos minutos ler os pedidos alterados na Tray (0: desligada)
    # Nome da forma de pagamento da Tray (chave_forma) → tPag, como a loja mapeou (tela Formas de pagamento).
    formas_pagamento: dict = field(default_factory=dict)


def configuracao_da_loja(loja) -> ConfiguracaoImportacao:
    return ConfiguracaoImportacao(
        status_importaveis=tuple(loja.status_importaveis or ()),
        importacao_automatica=bool(loja.importacao_automatica),
        juros_como=loja.juros_como if loja.juros_como in JUROS_COMO else "outras_despesas",
        sondagem_min=int(loja.sondagem_min or 0),
        formas_pagamento=formas_pagamento_da_loja(loja.id),
    )


def formas_pagamento_da_loja(loja_id: int) -> dict[str, str]:
    """O mapeamento da loja: nome da forma de pagamento (chave_forma) → tPag."""
    linhas = db.session.query(FormaPagamentoLoja).filter_by(loja_id=loja_id)
    return {chave_forma(linha.nome): linha.tpag for linha in linhas}


def status_padrao(status_da_loja: list[dict]) -> list[str]:
    """Os status importados quando a loja não escolheu nenhum: os pagos, pelo tipo e nome dos status da loja
    (`consultas_tray.status_da_loja`): todos, menos os cancelados e os que aguardam pagamento."""
    return [s["nome"] for s in status_da_loja
            if not status_cancelado(s["nome"], s.get("tipo", ""))
            and not status_aguarda_pagamento(s["nome"], s.get("descricao", ""))]


SONDAGEM_MAX_MIN = 24 * 60


def salvar_configuracao(loja, status_importaveis: list[str], importacao_automatica: bool, juros_como: str,
                        status_da_loja: list[str] | None = None, sondagem_min: int | None = None) -> None:
    """Grava os ajustes (com commit). `status_da_loja`: nomes válidos, quando a Tray respondeu. `sondagem_min`
    None mantém o valor atual."""
    if juros_como not in JUROS_COMO:
        raise ConfiguracaoInvalida("Escolha onde ficam juros e tarifas do pagamento.")
    if sondagem_min is not None and not 0 <= int(sondagem_min) <= SONDAGEM_MAX_MIN:
        raise ConfiguracaoInvalida(f"A sondagem vai de 0 (desligada) a {SONDAGEM_MAX_MIN} minutos.")
    escolhidos = list(dict.fromkeys(s.strip() for s in status_importaveis if s and s.strip()))
    if status_da_loja is not None:
        desconhecidos = [s for s in escolhidos if s not in status_da_loja]
        if desconhecidos:
            raise ConfiguracaoInvalida(f"Status que a loja não tem: {', '.join(desconhecidos)}.")
    loja.status_importaveis = escolhidos
    loja.importacao_automatica = bool(importacao_automatica)
    loja.juros_como = juros_como
    if sondagem_min is not None:
        loja.sondagem_min = int(sondagem_min)
    db.session.commit()


def formas_de_pagamento(loja_id: int) -> list[str]:
    """Os nomes de forma de pagamento que a loja já usou nas vendas e os já mapeados, em ordem alfabética."""
    usadas = {forma for (forma,) in db.session.query(VendaPagamento.forma).join(Venda)
              .filter(Venda.loja_id == loja_id).distinct() if forma}
    mapeadas = {linha.nome for linha in db.session.query(FormaPagamentoLoja).filter_by(loja_id=loja_id)}
    return sorted(usadas | mapeadas, key=str.casefold)


def salvar_formas_pagamento(loja_id: int, escolhas: dict[str, str]) -> None:
    """Grava o mapeamento da loja (com commit): {nome da forma: tPag}; tPag vazio desfaz (volta às palavras).
    ConfiguracaoInvalida com um código fora da tabela de meios de pagamento."""
    invalidos = [nome for nome, tpag in escolhas.items() if tpag and tpag not in MEIOS_PAGAMENTO]
    if invalidos:
        raise ConfiguracaoInvalida(f"Meio de pagamento inválido para: {', '.join(invalidos)}.")
    atuais = {linha.nome: linha for linha in db.session.query(FormaPagamentoLoja).filter_by(loja_id=loja_id)}
    for nome, tpag in escolhas.items():
        nome = nome.strip()[:120]
        linha = atuais.get(nome)
        if not tpag:
            if linha is not None:
                db.session.delete(linha)
        elif linha is None:
            db.session.add(FormaPagamentoLoja(loja_id=loja_id, nome=nome, tpag=tpag))
        else:
            linha.tpag = tpag
    db.session.flush()
    _aplicar_as_vendas_a_faturar(loja_id)
    db.session.commit()


def _aplicar_as_vendas_a_faturar(loja_id: int) -> None:
    """O mapeamento novo vale também para as vendas da loja ainda sem NF-e válida: o meio de cada pagamento é
    recalculado (mapeamento, senão as palavras). As vendas já faturadas guardam o que a nota disse."""
    mapa = formas_pagamento_da_loja(loja_id)
    pagamentos = (db.session.query(VendaPagamento).join(Venda)
                  .filter(Venda.loja_id == loja_id, Venda.situacao.in_([str(s) for s in SITUACOES_A_FATURAR])))
    for pagamento in pagamentos:
        tpag = mapa.get(chave_forma(pagamento.forma)) or codigo_tpag(pagamento.forma)
        if tpag != pagamento.tpag:
            pagamento.tpag = tpag
            if tpag != CREDITO:
                pagamento.parcelas = 1
