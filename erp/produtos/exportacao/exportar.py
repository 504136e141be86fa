"""Exporta um produto para uma loja: cria ou atualiza (`api.criar_produto`/`api.atualizar_produto`), com categoria, variações,
imagens (só as ainda não enviadas à loja) e estoque. Grava o vínculo a cada passo, para que uma
falha no meio nunca leve a um produto duplicado na próxima tentativa.

Antes de criar, procura na loja um produto com a mesma referência (`api.produtos_com_referencia`) ainda sem
vínculo no ERP: se houver, vincula-se a ele e o atualiza, em vez de criar um segundo. O mesmo vale para as
variações (pela referência, sob o produto) e para as categorias (pelo nome, sob o mesmo pai).
"""
from dataclasses import asdict, dataclass, field

from sqlalchemy.exc import IntegrityError

from erp.comum.banco import inserir_se_novo
from erp.comum.modelos import agora
from erp.extensions import db
from erp.lojas_virtuais.tray import api, erros
from erp.lojas_virtuais.tray.client import cliente_da_loja
from erp.produtos import estoque as estoque_srv
from erp.produtos.erros import ErroImagem
from erp.produtos.exportacao import criacao
from erp.produtos.exportacao import imagens_tray as it
from erp.produtos.exportacao import payload as pl
from erp.produtos.exportacao.categorias_tray import categoria_na_loja
from erp.produtos.exportacao.motivos import motivo_validacao
from erp.produtos.exportacao.variacoes import esquecer as esquecer_variacoes
from erp.produtos.exportacao.variacoes import exportar_variacoes
from erp.produtos.models import ImagemEnviada, Produto, ProdutoLoja, Variacao

ROTULOS = {"criado": "exportado", "vinculado": "vinculado (já estava na loja)",
           "atualizado": "atualizado", "sem_mudanca": "sem mudança", "falhou": "falhou"}


@dataclass
class ResultadoExportacao:
    referencia: str
    resultado: str = "falhou"
    produto_tray: str | None = None
    variantes_tray: dict = field(default_factory=dict)
    motivo: str | None = None

    @property
    def sucesso(self) -> bool:
        return self.resultado != "falhou"

    @property
    def rotulo(self) -> str:
        return ROTULOS[self.resultado]

    def como_dict(self) -> dict:
        return asdict(self)


def exportar_produto(loja, produto: Produto, cli=None) -> ResultadoExportacao:
    """Exporta um produto; devolve o resultado (criado/atualizado/sem_mudanca/falhou).

    Faz commit a cada passo. Falhas da loja inteira (limite, indisponibilidade, autenticação)
    sobem como exceção para quem chamou decidir repetir ou parar; recusas do produto viram "falhou".
    """
    resultado = ResultadoExportacao(referencia=produto.referencia)
    motivos = pl.faltas(produto)
    if motivos:
        resultado.motivo = "Produto incompleto: " + "; ".join(motivos)
        return resultado
    cli = cli or cliente_da_loja(loja)
    try:
        _exportar(cli, loja.id, produto, resultado)
    except (erros.LimiteExcedido, erros.Indisponivel, erros.ErroAutenticacao):
        db.session.rollback()
        raise
    except erros.ErroValidacao as erro:
        db.session.rollback()
        resultado.resultado = "falhou"
        resultado.motivo = motivo_validacao(erro, getattr(erro, "prefixo_erp", "A Tray recusou o produto"))
    except erros.ErroTray as erro:
        db.session.rollback()
        resultado.resultado = "falhou"
        resultado.motivo = str(erro)
    except ErroImagem as erro:
        db.session.rollback()
        resultado.resultado = "falhou"
        resultado.motivo = f"Imagem: {erro}"
    except (criacao.ExportadoAoMesmoTempo, IntegrityError):
        db.session.rollback()
        resultado.resultado = "falhou"
        resultado.motivo = ("O produto foi exportado ao mesmo tempo por outra tarefa; confira na loja "
                            "e exporte de novo")
    return resultado


def _ocupados(loja_id: int) -> set[str]:
    return {t for (t,) in db.session.query(ProdutoLoja.tray_id).filter(ProdutoLoja.loja_id == loja_id)}


def _ja_na_loja(cli, loja_id: int, produto: Produto) -> str | None:
    """O id do produto da loja com esta referência que ainda não está vinculado a nenhum produto do ERP."""
    return criacao.livre_com_referencia(api.produtos_com_referencia(cli, produto.referencia),
                                        produto.referencia, _ocupados(loja_id))


def _criar_produto(cli, loja_id: int, produto: Produto, corpo: dict) -> str:
    ocupados = _ocupados(loja_id)
    return criacao.criar(
        lambda: api.criar_produto(cli, corpo),
        lambda: criacao.livre_com_referencia(api.produtos_com_referencia(cli, produto.referencia),
                                             produto.referencia, ocupados),
        f"produto {produto.referencia}")


def _vincular(loja_id: int, produto: Produto, tray_id: str) -> ProdutoLoja:
    """O vínculo do produto com o da loja: um por produto e loja, gravado só se ainda não existe."""
    ident = inserir_se_novo(ProdutoLoja, {"loja_id": loja_id, "produto_id": produto.id, "tray_id": tray_id},
                            ["loja_id", "produto_id"])
    if ident is None:
        raise criacao.ExportadoAoMesmoTempo(produto.referencia)
    return db.session.get(ProdutoLoja, ident)


def _exportar(cli, loja_id: int, produto: Produto, resultado: ResultadoExportacao, recriando=False) -> None:
    categoria_tray = categoria_na_loja(cli, loja_id, produto.categoria)
    corpo = pl.payload_produto(produto, categoria_tray)
    imagens = it.imagens_do_produto(produto)
    assinatura = pl.assinatura(corpo, [i.sha256 for i in imagens])
    vinculo = db.session.query(ProdutoLoja).filter_by(loja_id=loja_id, produto_id=produto.id).first()
    slots = it.a_enviar(loja_id, imagens, it.alvo_produto(produto.id))
    acao = None
    existente = _ja_na_loja(cli, loja_id, produto) if vinculo is None else None
    if existente is not None:
        # Já está na loja (cadastrado lá, ou por uma exportação cuja resposta se perdeu): vincula e atualiza.
        vinculo = _vincular(loja_id, produto, existente)
        db.session.commit()
        api.atualizar_produto(cli, existente, {**corpo, **it.campos(slots)})
        it.registrar(loja_id, slots, produto.id)
        db.session.commit()
        acao = "vinculado"
    elif vinculo is None:
        tray_id = _criar_produto(cli, loja_id, produto, {**corpo, **it.campos(slots)})
        vinculo = _vincular(loja_id, produto, tray_id)
        it.registrar(loja_id, slots, produto.id)
        db.session.commit()
        acao = "criado"
    elif vinculo.assinatura != assinatura or slots:
        try:
            it.remover_saidas(cli, loja_id, produto.id, vinculo.tray_id, imagens)
            api.atualizar_produto(cli, vinculo.tray_id, {**corpo, **it.campos(slots)})
        except erros.NaoEncontrado:
            if recriando:
                raise
            _esquecer(loja_id, produto, vinculo)
            return _exportar(cli, loja_id, produto, resultado, recriando=True)
        it.registrar(loja_id, slots, produto.id)
        db.session.commit()
        acao = "atualizado"
    resultado.produto_tray = vinculo.tray_id
    mudou_variacao, estoques = exportar_variacoes(cli, loja_id, produto, vinculo.tray_id, resultado)
    vinculo.assinatura = assinatura
    vinculo.exportado_em = agora()
    if _imagens_a_conferir(loja_id, produto.id):
        it.pedir_conferencia(loja_id, produto.id)
    db.session.commit()
    resultado.resultado = acao or ("atualizado" if mudou_variacao else "sem_mudanca")
    _conferir_estoque(loja_id, produto, corpo.get("stock") if acao else None, estoques)


def _imagens_a_conferir(loja_id: int, produto_id: int) -> bool:
    """Alguma imagem do produto (ou das variações) foi enviada e a Tray ainda não mostrou?"""
    return db.session.query(ImagemEnviada.id).filter(
        ImagemEnviada.loja_id == loja_id, ImagemEnviada.produto_id == produto_id,
        ImagemEnviada.confirmada_em.is_(None)).first() is not None


def _esquecer(loja_id: int, produto: Produto, vinculo: ProdutoLoja) -> None:
    """O produto sumiu da loja (excluído lá): apaga vínculos e imagens enviadas para recriar."""
    esquecer_variacoes(loja_id, produto)
    it.esquecer(loja_id, produto.id)
    db.session.delete(vinculo)
    db.session.commit()


def _conferir_estoque(loja_id: int, produto: Produto, enviado: str | None, variacoes: dict) -> None:
    """Um movimento entre a leitura e o envio (antes do vínculo existir) não pode se perder."""
    db.session.refresh(produto)
    pendente = False
    if enviado is not None and not produto.variacoes and str(max(0, produto.estoque)) != enviado:
        estoque_srv.marcar_pendente(produto, None, lojas=[loja_id])
        pendente = True
    for variacao_id, valor in variacoes.items():
        variacao = db.session.get(Variacao, variacao_id)
        db.session.refresh(variacao)
        if str(max(0, variacao.estoque)) != valor:
            estoque_srv.marcar_pendente(produto, variacao, lojas=[loja_id])
            pendente = True
    if pendente:
        db.session.commit()
