"""Leitura do pedido completo da Tray (GET /orders/{id}/complete) em dados do ERP, sem banco.

Cada função devolve dicionários prontos para os modelos ou levanta PedidoInvalido com o motivo. Todo texto que
vem da Tray passa por `texto`: sem caracteres de controle nem de direção (bidi) e cortado no tamanho da coluna.
"""
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from erp.comum import documentos, ibge
from erp.comum.formatos import documento as formatar_documento
from erp.comum.texto import texto_limpo
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.erros import PedidoInvalido

LOJA_VIRTUAL = "Loja virtual"
# Status de quem ainda não pagou (pelo nome ou pela descrição, sem acentos): fora da importação padrão.
_AGUARDA_PAGAMENTO = re.compile(r"aguardando\b.*\b(pagamento|pgto|confirmacao)|pagamento pendente|pendente de pagamento")


def texto(valor, maximo: int | None = None, uma_linha: bool = True) -> str:
    """Um texto da Tray pronto para o banco: limpo e com no máximo `maximo` caracteres."""
    return texto_limpo(tv.texto(valor), maximo, uma_linha)


def lista(valor, nome: str) -> list[dict]:
    """[{"Nome": {...}}] ou [{...}] → [{...}] (a Tray embrulha os filhos duas vezes)."""
    saida = []
    for item in valor or []:
        if isinstance(item, dict):
            interno = item.get(nome)
            saida.append(interno if isinstance(interno, dict) else item)
    return saida


def so_digitos(texto) -> str:
    return "".join(c for c in tv.texto(texto) if c.isdigit())


def status_cancelado(nome: str, tipo: str = "") -> bool:
    """Um status de pedido da Tray (nome e `type`) é de cancelamento?"""
    return tv.texto(tipo).lower().startswith("cancel") or ibge.normalizar(tv.texto(nome)).startswith("cancelad")


def status_aguarda_pagamento(nome: str, descricao: str = "") -> bool:
    """Um status de pedido da Tray é de quem ainda não pagou ("AGUARDANDO PAGAMENTO" e parecidos)?"""
    return any(_AGUARDA_PAGAMENTO.search(ibge.normalizar(tv.texto(t))) for t in (nome, descricao) if t)


def _status(pedido: dict) -> dict:
    return pedido.get("OrderStatus") if isinstance(pedido.get("OrderStatus"), dict) else {}


def cancelado(pedido: dict) -> bool:
    status = _status(pedido)
    return status_cancelado(tv.texto(pedido.get("status")) or tv.texto(status.get("status")), status.get("type"))


def aguarda_pagamento(pedido: dict) -> bool:
    status = _status(pedido)
    return status_aguarda_pagamento(nome_status(pedido), tv.texto(status.get("description")))


def nome_status(pedido: dict) -> str:
    return texto(pedido.get("status"), 120) or texto(_status(pedido).get("status"), 120)


def origem(pedido: dict) -> str:
    ponto = texto(pedido.get("point_sale"), 120)
    if ponto and ibge.normalizar(ponto) != "loja virtual":
        return ponto
    mercado = lista(pedido.get("MarketplaceOrder"), "MarketplaceOrder")
    nome = texto(mercado[0].get("marketplace_name"), 120) if mercado else ""
    return nome or LOJA_VIRTUAL


CAMPOS_ENDERECO = ("logradouro", "numero", "complemento", "bairro", "municipio", "municipio_ibge", "uf", "cep")


def endereco(dados: dict, rotulo: str) -> dict:
    """Colunas de endereço (Endereco) com o código IBGE do município; PedidoInvalido se não achar."""
    cidade, uf = texto(dados.get("city"), 120), texto(dados.get("state"), 2).upper()
    if not cidade or not uf:
        raise PedidoInvalido(f"Endereço de {rotulo} sem município ou UF.")
    codigo = ibge.codigo_municipio(cidade, uf)
    if not codigo:
        raise PedidoInvalido(f"Município '{cidade}/{uf}' ({rotulo}) não encontrado na tabela do IBGE.")
    return {
        "logradouro": texto(dados.get("address"), 200),
        "numero": texto(dados.get("number"), 60) or "S/N",
        "complemento": texto(dados.get("complement"), 200),
        "bairro": texto(dados.get("neighborhood"), 120),
        "municipio": cidade,
        "municipio_ibge": codigo,
        "uf": uf,
        "cep": so_digitos(dados.get("zip_code"))[:8],
    }


def _enderecos(cliente: dict) -> list[dict]:
    return lista(cliente.get("CustomerAddresses") or cliente.get("CustomerAddress"), "CustomerAddress")


def endereco_cobranca(cliente: dict) -> dict:
    if texto(cliente.get("address")) or texto(cliente.get("city")):
        return endereco(cliente, "cobrança")
    outros = _enderecos(cliente)
    cobranca = [e for e in outros if tv.texto(e.get("type")) == "0"] or outros
    if not cobranca:
        raise PedidoInvalido("Cliente sem endereço.")
    return endereco(cobranca[0], "cobrança")


def endereco_entrega(cliente: dict) -> tuple[dict, str]:
    """(endereço, destinatário): o CustomerAddress de entrega; sem ele, o endereço do cadastro."""
    for item in _enderecos(cliente):
        if tv.texto(item.get("type_delivery")) == "1" or tv.texto(item.get("type")) == "1":
            return endereco(item, "entrega"), texto(item.get("recipient"), 200)
    return endereco_cobranca(cliente), ""


def _ie(cliente: dict) -> tuple[str, int]:
    bruto = tv.texto(cliente.get("state_inscription"))
    if ibge.normalizar(bruto).startswith("isent"):
        return "", 2
    limpo = documentos.limpar(bruto)
    return (limpo[:20], 1) if limpo else ("", 9)


def _documento(tipo: str, bruto: str) -> str:
    """O CPF ou CNPJ limpo; PedidoInvalido com o número formatado (000.000.000-00) se não confere."""
    limpo, valido = (documentos.limpar(bruto), documentos.cnpj_valido if tipo == "CNPJ" else documentos.cpf_valido)
    if not limpo:
        raise PedidoInvalido(f"Cliente sem {tipo}.")
    if not valido(limpo):
        mostrado = formatar_documento(limpo) if len(limpo) in (11, 14) else texto(bruto, 40)
        raise PedidoInvalido(f"{tipo} {mostrado} inválido (dígitos verificadores não conferem).")
    return limpo


def dados_cliente(cliente: dict) -> dict:
    """Campos do Cliente (com o endereço de cobrança). PF/PJ pelo documento preenchido."""
    cpf, cnpj = tv.texto(cliente.get("cpf")), tv.texto(cliente.get("cnpj"))
    if cpf and cnpj:
        cpf, cnpj = ("", cnpj) if tv.texto(cliente.get("type")) == "1" else (cpf, "")
    if cnpj:
        tipo, documento = "J", _documento("CNPJ", cnpj)
    elif cpf:
        tipo, documento = "F", _documento("CPF", cpf)
    else:
        raise PedidoInvalido("Cliente sem CPF/CNPJ.")
    nome = texto(cliente.get("company_name"), 200) if tipo == "J" else ""
    nome = nome or texto(cliente.get("name"), 200)
    if not nome:
        raise PedidoInvalido("Cliente sem nome.")
    ie, indicador = _ie(cliente)
    sexo = {"0": "M", "1": "F", "M": "M", "F": "F"}.get(tv.texto(cliente.get("gender")).upper(), "")
    return {
        "nome": nome,
        "tipo_pessoa": tipo,
        "cpf_cnpj": documento,
        "ie": ie,
        "indicador_ie": indicador,
        "email": texto(cliente.get("email"), 200).lower() or None,
        "telefone": texto(cliente.get("phone"), 30),
        "celular": texto(cliente.get("cellphone"), 30),
        "data_nascimento": tv.data(cliente.get("birth_date")),
        "sexo": sexo,
        **endereco_cobranca(cliente),
    }


@dataclass
class ItemTray:
    tray_produto_id: str
    tray_variacao_id: str | None
    nome: str
    referencia: str
    ean: str | None
    ncm: str | None
    quantidade: Decimal
    preco: Decimal
    preco_original: Decimal
    peso_g: int | None
    sku: list[tuple[str, str]] = field(default_factory=list)


def _ean(texto) -> str | None:
    digitos = so_digitos(texto)
    return digitos if len(digitos) in (8, 12, 13, 14) else None


def itens(pedido: dict) -> list[ItemTray]:
    saida = []
    for bruto in lista(pedido.get("ProductsSold"), "ProductsSold"):
        quantidade = tv.decimal(bruto.get("quantity"), None)
        if quantidade is None or quantidade <= 0:
            raise PedidoInvalido(f"Item {texto(bruto.get('name'), 200)} com quantidade inválida.")
        produto = texto(bruto.get("product_id"), 30)
        if not produto:
            raise PedidoInvalido(f"Item {texto(bruto.get('name'), 200)} sem produto da Tray.")
        variacao = texto(bruto.get("variant_id"), 30)
        ncm = so_digitos(bruto.get("ncm"))
        preco = tv.dinheiro(bruto.get("price"))
        sku = [(texto(s.get("type"), 60), texto(s.get("value"), 120)) for s in lista(bruto.get("Sku"), "Sku")]
        saida.append(ItemTray(
            tray_produto_id=produto,
            tray_variacao_id=variacao if variacao not in ("", "0") else None,
            nome=texto(bruto.get("original_name"), 200) or texto(bruto.get("name"), 200) or "Produto",
            referencia=texto(bruto.get("reference"), 120),
            ean=_ean(bruto.get("ean")),
            ncm=ncm if len(ncm) == 8 else None,
            quantidade=quantidade,
            preco=preco,
            preco_original=tv.dinheiro(bruto.get("original_price")) or preco,
            peso_g=tv.inteiro(bruto.get("weight"), None) or None,
            sku=[s for s in sku if s[0] and s[1]][:2],
        ))
    if not saida:
        raise PedidoInvalido("Pedido sem itens.")
    return saida


def marketplace(pedido: dict) -> dict:
    mercado = lista(pedido.get("MarketplaceOrder"), "MarketplaceOrder")
    if not mercado:
        return {"marketplace_nome": None, "marketplace_cnpj": None, "marketplace_pedido_id": None,
                "pagamento_intermediador_cnpj": None, "marketplace_vendedor_id": None}
    m = mercado[0]
    intermediador = documentos.limpar(m.get("marketplace_document"))
    pagador = documentos.limpar(m.get("payment_responsible_document"))
    return {
        "marketplace_nome": texto(m.get("marketplace_name"), 120) or texto(pedido.get("point_sale"), 120) or None,
        # infIntermed/CNPJ é o do intermediador (marketplace_document), nunca o de quem recebeu o pagamento.
        "marketplace_cnpj": intermediador[:14] or None,
        "marketplace_pedido_id": texto(m.get("marketplace_order_id"), 60) or None,
        "pagamento_intermediador_cnpj": pagador[:14] or None,
        # infIntermed/idCadIntTran: a identificação do vendedor no marketplace (o nome dele lá, na falta do id).
        "marketplace_vendedor_id": (texto(m.get("marketplace_seller_id"), 60)
                                    or texto(m.get("marketplace_seller_name"), 60) or None),
    }


def data_pedido(pedido: dict) -> datetime:
    """Data e hora do pedido (Brasília na Tray) em UTC sem fuso."""
    dia = tv.data(pedido.get("date"))
    if dia is None:
        raise PedidoInvalido("Pedido sem data.")
    hora = tv.texto(pedido.get("hour")) or "00:00:00"
    return tv.data_hora_utc(f"{dia.isoformat()} {hora}") or tv.data_hora_utc(dia.isoformat())
