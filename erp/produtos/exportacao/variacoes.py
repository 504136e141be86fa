"""Variações do produto na loja: POST das novas, PUT das alteradas (com imagem própria), nada nas iguais."""
from erp.extensions import db
from erp.produtos.exportacao import criacao
from erp.produtos.exportacao import imagens_tray as it
from erp.produtos.exportacao import payload as pl
from erp.produtos.imagens import imagem_da_variacao
from erp.produtos.models import Produto, VariacaoLoja


def _erros():
    from erp.lojas_virtuais.tray import erros

    return erros


def _vinculos(loja_id: int, produto: Produto) -> dict[int, VariacaoLoja]:
    ids = [v.id for v in produto.variacoes]
    if not ids:
        return {}
    linhas = db.session.query(VariacaoLoja).filter(VariacaoLoja.loja_id == loja_id, VariacaoLoja.variacao_id.in_(ids))
    return {vl.variacao_id: vl for vl in linhas}


def _ocupados(loja_id: int) -> set[str]:
    return {t for (t,) in db.session.query(VariacaoLoja.tray_id).filter(VariacaoLoja.loja_id == loja_id)}


def esquecer(loja_id: int, produto: Produto) -> None:
    ids = [v.id for v in produto.variacoes]
    if ids:
        db.session.query(VariacaoLoja).filter(
            VariacaoLoja.loja_id == loja_id, VariacaoLoja.variacao_id.in_(ids)).delete(synchronize_session=False)


def exportar_variacoes(cli, loja_id: int, produto: Produto, produto_tray: str, resultado) -> tuple[bool, dict]:
    """Devolve (mudou_algo, {variacao_id: estoque enviado})."""
    erros = _erros()
    vinculos = _vinculos(loja_id, produto)
    mudou, enviados = False, {}
    for variacao in produto.variacoes:
        corpo = pl.payload_variacao(produto, variacao, produto_tray)
        imagem = imagem_da_variacao(variacao)
        lista = [imagem] if imagem is not None else []
        assinatura = pl.assinatura(corpo, [i.sha256 for i in lista])
        vinculo = vinculos.get(variacao.id)
        if vinculo is not None and vinculo.assinatura == assinatura and not it.a_enviar(loja_id, lista):
            resultado.variantes_tray[variacao.referencia] = vinculo.tray_id
            continue
        try:
            if vinculo is not None:
                try:
                    slots = it.a_enviar(loja_id, lista)
                    cli.put(f"/products/variants/{vinculo.tray_id}", json={"Variant": {**corpo, **it.campos(slots)}})
                except erros.NaoEncontrado:  # excluída na loja: cria de novo
                    db.session.delete(vinculo)
                    db.session.commit()
                    vinculo = None
            if vinculo is None:
                slots = it.a_enviar(loja_id, lista)
                ocupados = _ocupados(loja_id)
                tray_id = criacao.criar(
                    cli, "/products/variants", "Variant", {**corpo, **it.campos(slots)},
                    lambda: criacao.procurar_por_referencia(cli, "/products/variants", "Variant",
                                                            variacao.referencia, ocupados,
                                                            {"product_id": produto_tray}))
                vinculo = VariacaoLoja(loja_id=loja_id, variacao_id=variacao.id, tray_id=tray_id)
                db.session.add(vinculo)
        except erros.ErroValidacao as erro:
            erro.prefixo_erp = f"A Tray recusou a variação {variacao.referencia}"
            raise
        vinculo.assinatura = assinatura
        it.registrar(loja_id, slots, produto.id, variacao.id)
        db.session.commit()
        resultado.variantes_tray[variacao.referencia] = vinculo.tray_id
        enviados[variacao.id] = corpo["stock"]
        mudou = True
    return mudou, enviados
