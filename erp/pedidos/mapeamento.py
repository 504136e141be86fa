"""Leitura do pedido completo da Tray (GET /orders/{id}/complete) em dados do ERP, sem banco.

Cada função devolve dicionários prontos para os modelos ou levanta PedidoInvalido com o motivo.
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from erp.comum import documentos, ibge
from erp.lojas_virtuais.tray import valores as tv
from erp.pedidos.erros import PedidoInvalido

LOJA_VIRTUAL = "Loja virtual"


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


def cancelado(pedido: dict) -> bool:
    status = pedido.get("OrderStatus") if isinstance(pedido.get("OrderStatus"), dict) else {}
    tipo = tv.texto(status.get("type")).lower()
    nome = ibge.normalizar(tv.texto(pedido.get("status")) or tv.texto(status.get("status")))
    return tipo.startswith("cancel") or nome.startswith("cancelad")


def nome_status(pedido: dict) -> str:
    status = pedido.get("OrderStatus") if isinstance(pedido.get("OrderStatus"), dict) else {}
    return tv.texto(pedido.get("status")) or tv.texto(status.get("status"))


def origem(pedido: dict) -> str:
    ponto = tv.texto(pedido.get("point_sale"))
    if ponto and ibge.normalizar(ponto) != "loja virtual":
        return ponto
    mercado = lista(pedido.get("MarketplaceOrder"), "MarketplaceOrder")
    nome = tv.texto(mercado[0].get("marketplace_name")) if mercado else ""
    return nome or LOJA_VIRTUAL


def endereco(dados: dict, rotulo: str) -> dict:
    """Colunas de endereço (Endereco) com o código IBGE do município; PedidoInvalido se não achar."""
    cidade, uf = tv.texto(dados.get("city")), tv.texto(dados.get("state")).upper()
    if not cidade or not uf:
        raise PedidoInvalido(f"Endereço de {rotulo} sem município ou UF.")
    codigo = ibge.codigo_municipio(cidade, uf)
    if not codigo:
        raise PedidoInvalido(f"Município '{cidade}/{uf}' ({rotulo}) não encontrado na tabela do IBGE.")
    return {
        "logradouro": tv.texto(dados.get("address"))[:200],
        "numero": tv.texto(dados.get("number"))[:60] or "S/N",
        "complemento": tv.texto(dados.get("complement"))[:200],
        "bairro": tv.texto(dados.get("neighborhood"))[:120],
        "municipio": cidade[:120],
        "municipio_ibge": codigo,
        "uf": uf,
        "cep": so_digitos(dados.get("zip_code"))[:8],
    }


def _enderecos(cliente: dict) -> list[dict]:
    return lista(cliente.get("CustomerAddresses") or cliente.get("CustomerAddress"), "CustomerAddress")


def endereco_cobranca(cliente: dict) -> dict:
    if tv.texto(cliente.get("address")) or tv.texto(cliente.get("city")):
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
            return endereco(item, "entrega"), tv.texto(item.get("recipient"))
    return endereco_cobranca(cliente), ""


def _ie(cliente: dict) -> tuple[str, int]:
    bruto = tv.texto(cliente.get("state_inscription"))
    if ibge.normalizar(bruto).startswith("isent"):
        return "", 2
    limpo = documentos.limpar(bruto)
    return (limpo[:20], 1) if limpo else ("", 9)


def dados_cliente(cliente: dict) -> dict:
    """Campos do Cliente (com o endereço de cobrança). PF/PJ pelo documento preenchido."""
    cpf, cnpj = tv.texto(cliente.get("cpf")), tv.texto(cliente.get("cnpj"))
    if cpf and cnpj:
        cpf, cnpj = ("", cnpj) if tv.texto(cliente.get("type")) == "1" else (cpf, "")
    try:
        if cnpj:
            tipo, documento = "J", documentos.validar_cnpj(cnpj)
        elif cpf:
            tipo, documento = "F", documentos.validar_cpf(cpf)
        else:
            raise PedidoInvalido("Cliente sem CPF/CNPJ.")
    except documentos.DocumentoInvalido as erro:
        raise PedidoInvalido(str(erro)) from None
    nome = tv.texto(cliente.get("company_name")) if tipo == "J" else ""
    nome = nome or tv.texto(cliente.get("name"))
    if not nome:
        raise PedidoInvalido("Cliente sem nome.")
    ie, indicador = _ie(cliente)
    sexo = {"0": "M", "1": "F", "M": "M", "F": "F"}.get(tv.texto(cliente.get("gender")).upper(), "")
    return {
        "nome": nome[:200],
        "tipo_pessoa": tipo,
        "cpf_cnpj": documento,
        "ie": ie,
        "indicador_ie": indicador,
        "email": tv.texto(cliente.get("email")).lower()[:200] or None,
        "telefone": tv.texto(cliente.get("phone"))[:30],
        "celular": tv.texto(cliente.get("cellphone"))[:30],
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
            raise PedidoInvalido(f"Item {tv.texto(bruto.get('name'))} com quantidade inválida.")
        produto = tv.texto(bruto.get("product_id"))
        if not produto:
            raise PedidoInvalido(f"Item {tv.texto(bruto.get('name'))} sem produto da Tray.")
        variacao = tv.texto(bruto.get("variant_id"))
        ncm = so_digitos(bruto.get("ncm"))
        preco = tv.dinheiro(bruto.get("price"))
        sku = [(tv.texto(s.get("type")), tv.texto(s.get("value"))) for s in lista(bruto.get("Sku"), "Sku")]
        saida.append(ItemTray(
            tray_produto_id=produto,
            tray_variacao_id=variacao if variacao not in ("", "0") else None,
            nome=(tv.texto(bruto.get("original_name")) or tv.texto(bruto.get("name")) or "Produto")[:200],
            referencia=tv.texto(bruto.get("reference"))[:120],
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
                "pagamento_intermediador_cnpj": None}
    m = mercado[0]
    intermediador = documentos.limpar(m.get("marketplace_document"))
    pagador = documentos.limpar(m.get("payment_responsible_document"))
    return {
        "marketplace_nome": (tv.texto(m.get("marketplace_name")) or tv.texto(pedido.get("point_sale")))[:120] or None,
        "marketplace_cnpj": (intermediador or pagador)[:14] or None,
        "marketplace_pedido_id": tv.texto(m.get("marketplace_order_id"))[:60] or None,
        "pagamento_intermediador_cnpj": pagador[:14] or None,
    }


def data_pedido(pedido: dict) -> datetime:
    """Data e hora do pedido (Brasília na Tray) em UTC sem fuso."""
    dia = tv.data(pedido.get("date"))
    if dia is None:
        raise PedidoInvalido("Pedido sem data.")
    hora = tv.texto(pedido.get("hour")) or "00:00:00"
    return tv.data_hora_utc(f"{dia.isoformat()} {hora}") or tv.data_hora_utc(dia.isoformat())
