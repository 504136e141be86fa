"""Cadastro de produtos e variações: leitura dos dados, validação e gravação (sem commit).

`dados` são textos como vêm de um formulário ou planilha. Com `parcial=True` (planilha), campos
ausentes ou vazios mantêm o valor atual; no formulário (`parcial=False`), vazio limpa o campo.
"""
from datetime import date

from erp.comum.modelos import agora
from erp.extensions import db
from erp.produtos import estoque as estoque_srv
from erp.produtos import validacao as v
from erp.produtos.categorias import categoria_por_caminho
from erp.produtos.erros import ErroProduto
from erp.produtos.models import Produto, ProdutoLoja, Variacao, VariacaoLoja

MAX_EIXOS = 2

# campo -> (conversor, rótulo)
_CAMPOS_PRODUTO = {
    "nome": (lambda x: v.limite(v.texto(x), 200, "nome", "Nome"), "Nome"),
    "descricao": (lambda x: v.limite(v.html_seguro(x), 4800, "descricao", "Descrição"), "Descrição"),
    "descricao_curta": (lambda x: v.limite(v.texto(x), 500, "descricao_curta", "Descrição curta"), ""),
    "ean": (v.ean, "EAN"),
    "ncm": (v.ncm, "NCM"),
    "cest": (v.cest, "CEST"),
    "origem": (v.origem, "Origem"),
    "unidade": (lambda x: v.limite(v.texto(x).upper(), 6, "unidade", "Unidade") or None, "Unidade"),
    "marca": (lambda x: v.limite(v.texto(x), 120, "marca", "Marca") or None, "Marca"),
    "modelo": (lambda x: v.limite(v.texto(x), 150, "modelo", "Modelo") or None, "Modelo"),
    "preco": (lambda x: v.dinheiro(x, "preco", "Preço"), "Preço"),
    "preco_custo": (lambda x: v.dinheiro(x, "preco_custo", "Preço de custo"), ""),
    "preco_promocional": (lambda x: v.dinheiro(x, "preco_promocional", "Preço promocional"), ""),
    "promocao_inicio": (lambda x: v.data(x, "promocao_inicio", "Início da promoção"), ""),
    "promocao_fim": (lambda x: v.data(x, "promocao_fim", "Fim da promoção"), ""),
    "peso_g": (lambda x: v.inteiro(x, "peso_g", "Peso (g)"), ""),
    "comprimento_cm": (lambda x: v.decimal_br(x, "comprimento_cm", "Comprimento (cm)"), ""),
    "largura_cm": (lambda x: v.decimal_br(x, "largura_cm", "Largura (cm)"), ""),
    "altura_cm": (lambda x: v.decimal_br(x, "altura_cm", "Altura (cm)"), ""),
    "disponibilidade": (lambda x: v.limite(v.texto(x), 120, "disponibilidade", "Disponibilidade") or None, ""),
    # Tributação (NF-e): vazio mantém o padrão da empresa.
    "cst_icms": (v.cst_icms, "CST do ICMS"),
    "csosn": (v.csosn, "CSOSN"),
    "cbenef": (v.cbenef, "cBenef"),
    "nfci": (v.nfci, "nFCI"),
    "st_mva": (lambda x: v.percentual(x, "st_mva", "MVA da ST", 999), "MVA da ST"),
    "st_aliquota_interna": (lambda x: v.percentual(x, "st_aliquota_interna", "Alíquota interna do destino (ST)"), ""),
    "st_reducao_base": (lambda x: v.percentual(x, "st_reducao_base", "Redução da base da ST"), ""),
    "st_fcp": (lambda x: v.percentual(x, "st_fcp", "FCP da ST"), ""),
    "fcp_interno": (lambda x: v.percentual(x, "fcp_interno", "FCP interno"), ""),
    "fcp_destino": (lambda x: v.percentual(x, "fcp_destino", "FCP da UF de destino"), ""),
    "st_retido_base": (lambda x: v.decimal_br(x, "st_retido_base", "Base da ST retida (unitária)"), ""),
    "st_retido_aliquota": (lambda x: v.percentual(x, "st_retido_aliquota", "Alíquota da ST retida (pST)"), ""),
    "st_retido_valor": (lambda x: v.decimal_br(x, "st_retido_valor", "ST retida (unitária)"), ""),
    "cst_ibs_cbs": (v.cst_ibs_cbs, "CST do IBS/CBS"),
    "cclass_trib": (v.cclass_trib, "cClassTrib"),
}
_PADROES = {"descricao": "", "descricao_curta": "", "origem": 0, "unidade": "UN", "preco": None}


def _referencia(valor, campo="referencia") -> str:
    ref = v.texto(valor)
    if not ref:
        raise ErroProduto(campo, "Informe a referência (SKU)")
    if len(ref) > 120:
        raise ErroProduto(campo, "Referência: no máximo 120 caracteres")
    if any(c.isspace() for c in ref):
        raise ErroProduto(campo, f"Referência '{ref}': não use espaços")
    return ref


def referencia_em_uso(ref: str, produto_id: int | None = None, variacao_id: int | None = None) -> bool:
    """A referência identifica um único produto ou variação (os pedidos importados casam por ela)."""
    p = db.session.query(Produto.id).filter(Produto.referencia == ref).first()
    if p is not None and p.id != produto_id:
        return True
    var = db.session.query(Variacao.id).filter(Variacao.referencia == ref).first()
    return var is not None and var.id != variacao_id


def _presente(dados: dict, campo: str, parcial: bool) -> bool:
    return campo in dados and not (parcial and v.texto(dados[campo]) == "")


def salvar_produto(dados: dict, produto: Produto | None = None, parcial: bool = False,
                   motivo_estoque: str = "ajuste") -> Produto:
    """Cria ou altera um produto (categoria por caminho "Casa > Cozinha"); não faz commit."""
    novo = produto is None
    if novo:
        ref = _referencia(dados.get("referencia"))
        if referencia_em_uso(ref):
            raise ErroProduto("referencia", f"Já existe um produto ou variação com a referência {ref}")
        # Nasce no cadastro do ERP: o estoque é do ERP (0 até alguém informar outro), e vai às lojas.
        produto = Produto(referencia=ref, estoque=0, estoque_definido=True, pendencias=[])
    elif _presente(dados, "referencia", parcial):
        ref = _referencia(dados["referencia"])
        if ref != produto.referencia and referencia_em_uso(ref, produto_id=produto.id):
            raise ErroProduto("referencia", f"Já existe um produto ou variação com a referência {ref}")
        produto.referencia = ref
    valores = {}
    for campo, (conversor, _rotulo) in _CAMPOS_PRODUTO.items():
        if _presente(dados, campo, parcial):
            valores[campo] = conversor(dados[campo])
    for campo, padrao in _PADROES.items():
        if campo in valores and valores[campo] is None and padrao is not None:
            valores[campo] = padrao
    if novo or "nome" in valores:
        if not valores.get("nome", produto.nome if not novo else ""):
            raise ErroProduto("nome", "Informe o nome do produto")
    if novo and valores.get("preco") is None:
        raise ErroProduto("preco", "Informe o preço de venda")
    if "preco" in valores and valores["preco"] is None:
        raise ErroProduto("preco", "Informe o preço de venda")
    for campo, valor in valores.items():
        setattr(produto, campo, valor)
    if _presente(dados, "ativo", parcial):
        produto.ativo = v.booleano(dados["ativo"])
    if _presente(dados, "substituicao_tributaria", parcial):
        produto.substituicao_tributaria = v.booleano(dados["substituicao_tributaria"], False, "substituicao_tributaria",
                                                      "Sujeito a ST")
    if _presente(dados, "categoria", parcial):
        produto.categoria = categoria_por_caminho(v.texto(dados["categoria"]))
    _validar_promocao(produto)
    produto.pendencias = _pendencias(produto)
    if novo:
        db.session.add(produto)
        produto.alterado_em = agora()
    elif _alterado_para_a_loja(produto):
        produto.alterado_em = agora()
    db.session.flush()
    if _presente(dados, "estoque", parcial) and not produto.variacoes:
        quantidade = v.inteiro(dados["estoque"], "estoque", "Estoque", negativo=True)
        # Um número informado para um estoque ainda não definido no ERP é a definição (mesmo igual ao atual); o
        # formulário mostra esse campo vazio, e vazio não muda nada.
        if quantidade is not None and (quantidade != produto.estoque or not produto.estoque_definido):
            estoque_srv.definir_estoque(produto, None, quantidade, motivo_estoque)
    return produto


# Só a NF-e usa a tributação do produto: mudar só ela não torna o produto "alterado desde a exportação".
CAMPOS_FISCAIS = frozenset({
    "cst_icms", "csosn", "cbenef", "nfci", "substituicao_tributaria", "st_mva", "st_aliquota_interna",
    "st_reducao_base", "st_fcp", "fcp_interno", "fcp_destino", "st_retido_base", "st_retido_aliquota",
    "st_retido_valor", "cst_ibs_cbs", "cclass_trib",
})


def _alterado_para_a_loja(produto: Produto) -> bool:
    estado = db.inspect(produto)
    return any(a.history.has_changes() for a in estado.attrs if a.key not in CAMPOS_FISCAIS)


def _validar_promocao(produto: Produto) -> None:
    if produto.preco_promocional is not None and produto.preco is not None:
        if produto.preco_promocional >= produto.preco:
            raise ErroProduto("preco_promocional", "O preço promocional deve ser menor que o preço de venda")
    inicio, fim = produto.promocao_inicio, produto.promocao_fim
    if isinstance(inicio, date) and isinstance(fim, date) and fim < inicio:
        raise ErroProduto("promocao_fim", "O fim da promoção é anterior ao início")


def _pendencias(produto: Produto) -> list[str]:
    """O que falta para faturar (NF-e): NCM e origem."""
    return ["NCM"] if not produto.ncm else []


def eixos(produto: Produto, ignorar: Variacao | None = None) -> list[str]:
    """Eixos de variação do produto (ex.: ["Cor", "Tamanho"]), na ordem da primeira variação."""
    vistos: list[str] = []
    for var in produto.variacoes:
        if ignorar is not None and var is ignorar:
            continue
        for tipo in (var.tipo_1, var.tipo_2):
            if tipo and tipo.lower() not in [e.lower() for e in vistos]:
                vistos.append(tipo)
    return vistos


def _ordenar_eixos(produto: Produto, variacao: Variacao | None, pares: list[tuple[str, str]]):
    atuais = eixos(produto, ignorar=variacao)
    nomes = [t for t, _ in pares]
    uniao = atuais + [n for n in nomes if n.lower() not in [a.lower() for a in atuais]]
    if len(uniao) > MAX_EIXOS:
        raise ErroProduto(
            "tipo_1",
            f"O produto passaria a ter {len(uniao)} eixos de variação ({', '.join(uniao)}); "
            f"a Tray aceita no máximo {MAX_EIXOS} (ex.: cor e tamanho)",
        )
    if atuais and sorted(a.lower() for a in atuais) != sorted(n.lower() for n in nomes):
        raise ErroProduto(
            "tipo_1", f"Todas as variações do produto devem usar os mesmos eixos ({', '.join(atuais)})"
        )
    if atuais:  # mesma ordem e grafia das variações que já existem
        por_nome = {t.lower(): val for t, val in pares}
        pares = [(a, por_nome[a.lower()]) for a in atuais]
    return pares


def salvar_variacao(produto: Produto, dados: dict, variacao: Variacao | None = None,
                    parcial: bool = False, motivo_estoque: str = "ajuste") -> Variacao:
    """Cria ou altera uma variação (até 2 eixos: tipo_1/valor_1, tipo_2/valor_2); não faz commit."""
    nova = variacao is None
    if nova or _presente(dados, "referencia", parcial):
        ref = _referencia(dados.get("referencia"))
        if (nova or ref != variacao.referencia) and referencia_em_uso(
            ref, variacao_id=None if nova else variacao.id
        ):
            raise ErroProduto("referencia", f"Já existe um produto ou variação com a referência {ref}")
    else:
        ref = variacao.referencia
    pares = []
    for n in (1, 2):
        tipo = v.texto(dados.get(f"tipo_{n}", "" if nova else getattr(variacao, f"tipo_{n}")))
        valor = v.texto(dados.get(f"valor_{n}", "" if nova else getattr(variacao, f"valor_{n}")))
        if parcial and not nova and not tipo and not valor:
            tipo, valor = getattr(variacao, f"tipo_{n}") or "", getattr(variacao, f"valor_{n}") or ""
        if bool(tipo) != bool(valor):
            raise ErroProduto(f"tipo_{n}", f"Variação: informe o tipo e o valor do eixo {n} juntos")
        if tipo:
            pares.append((v.limite(tipo, 60, f"tipo_{n}", "Tipo"), v.limite(valor, 120, f"valor_{n}", "Valor")))
    if not pares:
        raise ErroProduto("tipo_1", "Variação: informe ao menos um eixo (ex.: Cor = Azul)")
    if len({t.lower() for t, _ in pares}) != len(pares):
        raise ErroProduto("tipo_2", "Variação: os dois eixos têm o mesmo nome")
    pares = _ordenar_eixos(produto, variacao, pares)
    for outra in produto.variacoes:
        if outra is not variacao and _valores(outra) == [val.lower() for _, val in pares]:
            raise ErroProduto("valor_1", f"Já existe a variação {outra.descricao} ({outra.referencia})")
    primeira = nova and not produto.variacoes
    estoque_do_produto = produto.estoque or 0
    if nova:
        variacao = Variacao(produto=produto, estoque=0, estoque_definido=True)
        db.session.add(variacao)
    variacao.referencia = ref
    variacao.tipo_1, variacao.valor_1 = pares[0]
    variacao.tipo_2, variacao.valor_2 = pares[1] if len(pares) > 1 else (None, None)
    if nova or _presente(dados, "ean", parcial):
        variacao.ean = v.ean(dados.get("ean"))
    if nova or _presente(dados, "preco", parcial):
        variacao.preco = v.dinheiro(dados.get("preco"), "preco", "Preço da variação")
    if _presente(dados, "ativo", parcial):
        variacao.ativo = v.booleano(dados["ativo"])
    if nova or db.session.is_modified(variacao):
        produto.alterado_em = agora()
    db.session.flush()
    if _presente(dados, "estoque", parcial):
        quantidade = v.inteiro(dados["estoque"], "estoque", "Estoque", negativo=True)
        if quantidade is not None and (nova or quantidade != variacao.estoque or not variacao.estoque_definido):
            estoque_srv.definir_estoque(produto, variacao, quantidade, motivo_estoque)
    elif nova:
        estoque_srv.recalcular_total(produto)
    if primeira:  # o estoque do produto passa a ser a soma das variações: fica registrado, nunca some calado
        estoque_srv.registrar_passagem_para_variacoes(produto, estoque_do_produto, variacao)
    return variacao


def _valores(variacao: Variacao) -> list[str]:
    return [x.lower() for x in (variacao.valor_1, variacao.valor_2) if x]


def remover_variacao(variacao: Variacao) -> None:
    """Só apaga variação que nunca foi para uma loja; as integradas devem ser desativadas."""
    if db.session.query(VariacaoLoja.id).filter(VariacaoLoja.variacao_id == variacao.id).first():
        raise ErroProduto(None, "Esta variação já está numa loja virtual: desative-a em vez de excluir")
    produto = variacao.produto
    produto.variacoes.remove(variacao)
    db.session.delete(variacao)
    produto.alterado_em = agora()
    db.session.flush()
    estoque_srv.recalcular_total(produto)


def integrado(produto: Produto) -> bool:
    return db.session.query(ProdutoLoja.id).filter(ProdutoLoja.produto_id == produto.id).first() is not None


def por_referencia(ref: str) -> tuple[Produto | None, Variacao | None]:
    """Produto ou variação com esta referência (SKU)."""
    produto = db.session.query(Produto).filter(Produto.referencia == ref).first()
    if produto is not None:
        return produto, None
    variacao = db.session.query(Variacao).filter(Variacao.referencia == ref).first()
    if variacao is not None:
        return variacao.produto, variacao
    return None, None
