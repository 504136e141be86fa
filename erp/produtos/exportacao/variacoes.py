"""Variações do produto na loja: cria as novas (ou vincula a que já está no produto da loja com a mesma
referência), atualiza as alteradas (com imagem própria), nada nas iguais."""
from erp.comum.banco import inserir_se_novo
from erp.extensions import db
from erp.lojas_virtuais.tray import api, erros
from erp.produtos.exportacao import criacao
from erp.produtos.exportacao import imagens_tray as it
from erp.produtos.exportacao import payload as pl
from erp.produtos.imagens import imagem_da_variacao
from erp.produtos.models import Produto, VariacaoLoja


def _vinculos(loja_id: int, produto: Produto) -> dict[int, VariacaoLoja]:
    ids = [v.id for v in produto.variacoes]
    if not ids:
        return {}
    linhas = db.session.query(VariacaoLoja).filter(VariacaoLoja.loja_id == loja_id, VariacaoLoja.variacao_id.in_(ids))
    return {vl.variacao_id: vl for vl in linhas}


def _ocupados(loja_id: int) -> set[str]:
    return {t for (t,) in db.session.query(VariacaoLoja.tray_id).filter(VariacaoLoja.loja_id == loja_id)}


def _vincular(loja_id: int, variacao, tray_id: str) -> VariacaoLoja:
    """O vínculo da variação com a da loja: um por variação e loja, gravado só se ainda não existe."""
    ident = inserir_se_novo(VariacaoLoja, {"loja_id": loja_id, "variacao_id": variacao.id, "tray_id": tray_id},
                            ["loja_id", "variacao_id"])
    if ident is None:
        raise criacao.ExportadoAoMesmoTempo(variacao.referencia)
    return db.session.get(VariacaoLoja, ident)


def esquecer(loja_id: int, produto: Produto) -> None:
    ids = [v.id for v in produto.variacoes]
    if ids:
        db.session.query(VariacaoLoja).filter(
            VariacaoLoja.loja_id == loja_id, VariacaoLoja.variacao_id.in_(ids)).delete(synchronize_session=False)


def exportar_variacoes(cli, loja_id: int, produto: Produto, produto_tray: str, resultado) -> tuple[bool, dict]:
    """Devolve (mudou_algo, {variacao_id: estoque enviado})."""
    vinculos = _vinculos(loja_id, produto)
    mudou, enviados = False, {}
    for variacao in produto.variacoes:
        corpo = pl.payload_variacao(produto, variacao, produto_tray)
        imagem = imagem_da_variacao(variacao)
        lista = [imagem] if imagem is not None else []
        assinatura = pl.assinatura(corpo, [i.sha256 for i in lista])
        vinculo = vinculos.get(variacao.id)
        if vinculo is not None and vinculo.assinatura == assinatura and not it.a_enviar(loja_id, lista, it.alvo_variacao(variacao.id)):
            resultado.variantes_tray[variacao.referencia] = vinculo.tray_id
            continue
        try:
            if vinculo is not None:
                try:
                    slots = it.a_enviar(loja_id, lista, it.alvo_variacao(variacao.id))
                    api.atualizar_variacao(cli, vinculo.tray_id, {**corpo, **it.campos(slots)})
                except erros.NaoEncontrado:  # excluída na loja: cria de novo
                    db.session.delete(vinculo)
                    db.session.commit()
                    vinculo = None
            if vinculo is None:
                slots = it.a_enviar(loja_id, lista, it.alvo_variacao(variacao.id))
                ocupados = _ocupados(loja_id)
                campos = {**corpo, **it.campos(slots)}

                def procurar():
                    return criacao.livre_com_referencia(
                        api.variacoes_com_referencia(cli, variacao.referencia, produto_tray),
                        variacao.referencia, ocupados, produto_id=produto_tray)

                existente = procurar()
                if existente is not None:
                    # A variação já está no produto da loja: vincula e atualiza, sem criar outra.
                    vinculo = _vincular(loja_id, variacao, existente)
                    db.session.commit()
                    api.atualizar_variacao(cli, existente, campos)
                else:
                    tray_id = criacao.criar(lambda: api.criar_variacao(cli, campos), procurar,
                                            f"variação {variacao.referencia}")
                    vinculo = _vincular(loja_id, variacao, tray_id)
        except erros.ErroValidacao as erro:
            erro.prefixo_erp = f"A Tray recusou a variação {variacao.referencia}"
            raise
        vinculo.assinatura = assinatura
        it.registrar(loja_id, slots, produto.id, variacao.id)
        db.session.commit()
        resultado.variantes_tray[variacao.referencia] = vinculo.tray_id
        if "stock" in corpo:
            enviados[variacao.id] = corpo["stock"]
        mudou = True
    return mudou, enviados
