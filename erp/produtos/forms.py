"""Formulários das telas do catálogo: conversão entre os campos e os dicionários que os serviços recebem."""
from erp.comum.formatos import numero
from erp.produtos.imagens import MAX_BYTES, max_imagens

CAMPOS = [
    "referencia", "nome", "descricao", "descricao_curta", "ean", "ncm", "cest", "origem", "unidade", "marca",
    "modelo", "categoria", "preco", "preco_custo", "preco_promocional", "promocao_inicio", "promocao_fim",
    "peso_g", "comprimento_cm", "largura_cm", "altura_cm", "estoque", "disponibilidade",
]
# Tributação do produto (NF-e): vazio = padrão da empresa.
CAMPOS_FISCAIS = [
    "cst_icms", "csosn", "cbenef", "nfci", "st_mva", "st_aliquota_interna", "st_reducao_base", "st_fcp",
    "fcp_interno", "fcp_destino", "st_retido_base", "st_retido_aliquota", "st_retido_valor", "cst_ibs_cbs",
    "cclass_trib",
]
CAMPOS = CAMPOS + CAMPOS_FISCAIS
CAMPOS_VARIACAO = ["referencia", "ean", "preco", "estoque", "tipo_1", "valor_1", "tipo_2", "valor_2"]


def dados_produto(form) -> dict:
    dados = {c: form.get(c, "") for c in CAMPOS if c in form}
    dados["ativo"] = "1" if form.get("ativo") else "0"
    if "cst_icms" in form:  # a seção fiscal está na tela: a caixa desmarcada é "não"
        dados["substituicao_tributaria"] = "1" if form.get("substituicao_tributaria") else "0"
    return dados


def _percentual(valor) -> str:
    if valor is None:
        return ""
    texto = f"{valor:f}"
    if "." in texto:
        texto = texto.rstrip("0").rstrip(".")
    return texto.replace(".", ",")


def valores_fiscais(produto) -> dict:
    if produto is None:
        return {}
    valores = {c: getattr(produto, c) for c in CAMPOS_FISCAIS}
    saida = {c: (_percentual(x) if not isinstance(x, str) else x) for c, x in valores.items() if x is not None}
    saida["substituicao_tributaria"] = "1" if produto.substituicao_tributaria else ""
    return saida


def dados_variacao(form) -> dict:
    dados = {c: form.get(c, "") for c in CAMPOS_VARIACAO if c in form}
    dados["ativo"] = "1" if form.get("ativo") else "0"
    return dados


def _dinheiro(valor) -> str:
    return "" if valor is None else numero(valor, 2)


def _dimensao(valor) -> str:
    return "" if valor is None else numero(valor, 2).replace(",00", "")


def valores_produto(produto) -> dict:
    """Valores do produto como aparecem nos campos do formulário."""
    if produto is None:
        return {"origem": "0", "unidade": "UN", "ativo": "1"}
    return {
        "referencia": produto.referencia, "nome": produto.nome, "descricao": produto.descricao or "",
        "descricao_curta": produto.descricao_curta or "", "ean": produto.ean or "", "ncm": produto.ncm or "",
        "cest": produto.cest or "", "origem": str(produto.origem or 0), "unidade": produto.unidade or "UN",
        "marca": produto.marca or "", "modelo": produto.modelo or "",
        "categoria": produto.categoria.caminho if produto.categoria else "",
        "preco": _dinheiro(produto.preco), "preco_custo": _dinheiro(produto.preco_custo),
        "preco_promocional": _dinheiro(produto.preco_promocional),
        "promocao_inicio": produto.promocao_inicio.isoformat() if produto.promocao_inicio else "",
        "promocao_fim": produto.promocao_fim.isoformat() if produto.promocao_fim else "",
        "peso_g": "" if produto.peso_g is None else str(produto.peso_g),
        "comprimento_cm": _dimensao(produto.comprimento_cm), "largura_cm": _dimensao(produto.largura_cm),
        "altura_cm": _dimensao(produto.altura_cm),
        # Estoque ainda não definido no ERP (produto criado por um pedido da loja): o campo vem vazio.
        "estoque": str(produto.estoque) if produto.estoque_definido or produto.variacoes else "",
        "disponibilidade": produto.disponibilidade or "", "ativo": "1" if produto.ativo else "0",
    } | valores_fiscais(produto)


def valores_variacao(variacao) -> dict:
    if variacao is None:
        return {"ativo": "1"}
    return {
        "referencia": variacao.referencia, "ean": variacao.ean or "", "preco": _dinheiro(variacao.preco),
        "estoque": str(variacao.estoque) if variacao.estoque_definido else "", "tipo_1": variacao.tipo_1, "valor_1": variacao.valor_1,
        "tipo_2": variacao.tipo_2 or "", "valor_2": variacao.valor_2 or "", "ativo": "1" if variacao.ativo else "0",
    }


def arquivos_enviados(lista) -> list[bytes]:
    """Conteúdo dos arquivos de um <input type=file multiple> (ignora os vazios)."""
    conteudos = []
    for arquivo in lista:
        if arquivo and arquivo.filename:
            conteudos.append(arquivo.read(MAX_BYTES + 1))
    return conteudos


def limites() -> dict:
    """Os limites mostrados na tela: imagens por produto (ajuste) e tamanho de cada arquivo."""
    return {"imagens": max_imagens(), "bytes": MAX_BYTES}
