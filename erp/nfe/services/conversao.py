"""Venda (com cliente, produtos e a empresa) → documento do núcleo fiscal.

Aqui ficam as pendências de cadastro que o usuário corrige no ERP: cada uma diz qual produto (ou
cliente) e qual campo, com o link da tela onde se corrige.
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from flask import current_app
from werkzeug.routing import BuildError

from erp.comum.datas import FUSO, hoje
from erp.comum.formatos import somente_digitos_ou_letras
from erp.comum.ibge import normalizar
from erp.nfe.fiscal import documento as doc
from erp.nfe.fiscal.formato import digitos
from erp.nfe.fiscal.fuso import hora_local
from erp.nfe.fiscal.tabelas import CRT_SIMPLES, PAGAMENTO_COM_CARTAO
from erp.nfe.models import Empresa
from erp.nfe.services import fiscal_produto, ibpt
from erp.vendas.models import Cliente, Venda, VendaItem
from erp.vendas.transportadoras import envio_da_venda

# Nomes legíveis dos campos de produto que a NF-e exige (e que aparecem em Produto.pendencias).
CAMPOS_PRODUTO = {
    "ncm": "NCM", "cest": "CEST", "origem": "origem", "unidade": "unidade", "ean": "GTIN/EAN",
    "nome": "nome",
}


@dataclass(frozen=True)
class PendenciaCadastro:
    """Um dado que falta no cadastro, com o lugar onde corrigir."""

    mensagem: str
    url: str = ""
    campo: str = ""

    @property
    def texto(self) -> str:
        return f"{self.mensagem} — corrija em {self.url}" if self.url else self.mensagem


class CadastroIncompleto(Exception):
    def __init__(self, pendencias):
        self.pendencias = list(pendencias)
        super().__init__("; ".join(p.texto for p in self.pendencias))


@dataclass
class Conversao:
    documento: doc.DocumentoNFe
    # Código do item no documento → id do produto (para apontar o link das pendências do núcleo).
    produtos_por_codigo: dict = field(default_factory=dict)


def _url(endpoint: str, padrao: str, **valores) -> str:
    """Caminho da tela (pelo mapa de rotas, quando há aplicação), sem depender de requisição."""
    try:
        return current_app.url_map.bind("").build(endpoint, valores)
    except (RuntimeError, BuildError):
        return padrao


def url_produto(produto_id: int) -> str:
    return _url("produtos.editar", f"/produtos/{produto_id}/editar", produto_id=produto_id)


def url_venda(venda_id: int) -> str:
    return _url("vendas.detalhe", f"/vendas/{venda_id}", venda_id=venda_id)


def nome_produto(item: VendaItem) -> str:
    produto = item.produto
    return f"“{produto.nome}” (ref. {produto.referencia})" if produto else f"“{item.descricao}”"


def pendencias_dos_produtos(venda: Venda) -> list[PendenciaCadastro]:
    pendencias, vistos = [], set()
    for item in venda.itens:
        produto = item.produto
        if produto is None or produto.id in vistos:
            continue
        vistos.add(produto.id)
        campos = []
        if len(digitos(produto.ncm)) not in (2, 8):
            campos.append("ncm")
        for marcado in produto.pendencias or []:
            chave = str(marcado).strip().lower()
            if chave not in campos:
                campos.append(chave)
        for campo in campos:
            rotulo = CAMPOS_PRODUTO.get(campo, campo.upper() if len(campo) <= 4 else campo)
            pendencias.append(PendenciaCadastro(
                f"Produto {nome_produto(item)}: falta o campo {rotulo}",
                url_produto(produto.id), campo,
            ))
    return pendencias


def pendencias_do_cliente(venda: Venda) -> list[PendenciaCadastro]:
    cliente: Cliente = venda.cliente
    url = url_venda(venda.id)
    faltas = []
    documento = somente_digitos_ou_letras(cliente.cpf_cnpj)
    if len(documento) not in (11, 14):
        faltas.append(("cpf_cnpj", "CPF/CNPJ"))
    endereco = endereco_destinatario(venda)
    for campo, rotulo in (("logradouro", "logradouro"), ("numero", "número"), ("bairro", "bairro"),
                          ("municipio", "município"), ("codigo_municipio", "código IBGE do município"),
                          ("uf", "UF"), ("cep", "CEP")):
        if not getattr(endereco, campo):
            faltas.append((campo, rotulo))
    return [PendenciaCadastro(f"Cliente “{cliente.nome}”: falta o campo {rotulo}", url, campo)
            for campo, rotulo in faltas]


def _endereco(origem) -> doc.Endereco:
    return doc.Endereco(
        logradouro=origem.logradouro or "", numero=origem.numero or "", bairro=origem.bairro or "",
        codigo_municipio=digitos(origem.municipio_ibge), municipio=origem.municipio or "",
        uf=(origem.uf or "").upper(), cep=digitos(origem.cep), complemento=origem.complemento or "",
    )


# Sem transporte (modFrete 9) quando o nome da forma de envio diz retirada na loja e a loja não a mapeou.
_PALAVRAS_RETIRADA = ("retirada", "retirar", "retira na loja", "balcao", "em maos")
KG = Decimal("0.001")
ESPECIE_VOLUME = "VOLUME"


class _Cobranca:
    """As colunas cobranca_* da venda com os nomes de um endereço."""

    def __init__(self, venda: Venda):
        self._venda = venda

    def __getattr__(self, campo):
        return getattr(self._venda, f"cobranca_{campo}")


def endereco_destinatario(venda: Venda) -> doc.Endereco:
    """O endereço do comprador guardado na venda (como estava no pedido); sem ele, o do cadastro do cliente;
    sem os dois, o de entrega da venda."""
    if venda.cobranca_logradouro and venda.cobranca_municipio_ibge and venda.cobranca_uf:
        return _endereco(_Cobranca(venda))
    cliente = venda.cliente
    if cliente.logradouro and cliente.municipio_ibge and cliente.uf:
        return _endereco(cliente)
    return _endereco(venda)


def _mesmo_lugar(a: doc.Endereco, b: doc.Endereco) -> bool:
    def chave(e: doc.Endereco):
        return (e.codigo_municipio, e.uf, e.cep, normalizar(e.logradouro), normalizar(e.numero),
                normalizar(e.complemento))
    return chave(a) == chave(b)


def local_entrega(venda: Venda, destino: doc.Endereco) -> doc.LocalEntrega | None:
    """O grupo entrega quando a venda vai para outro endereço que não o do destinatário (MOC 7.0, Anexo I,
    grupo G01: "informar apenas quando for diferente do endereço do destinatário")."""
    if not (venda.logradouro and venda.municipio_ibge and venda.uf):
        return None
    endereco = _endereco(venda)
    if _mesmo_lugar(endereco, destino):
        return None
    cliente = venda.cliente
    return doc.LocalEntrega(endereco=endereco, nome=venda.destinatario or cliente.nome,
                            cpf_cnpj=somente_digitos_ou_letras(cliente.cpf_cnpj),
                            fone=digitos(cliente.telefone or cliente.celular)[:14])


def emitente(empresa: Empresa) -> doc.Emitente:
    return doc.Emitente(
        razao_social=empresa.razao_social, cnpj=empresa.cnpj, ie=empresa.ie, crt=empresa.crt,
        endereco=_endereco(empresa), nome_fantasia=empresa.nome_fantasia, im=empresa.im,
        cnae=empresa.cnae, fone=empresa.telefone, regime_pis_cofins=empresa.regime_pis_cofins,
        aliquota_credito_sn=empresa.aliquota_credito_sn or Decimal(0),
        difal_no_simples=empresa.difal_no_simples, ibs_cbs_ativo=fiscal_produto.ibs_cbs_ativo(empresa),
        aliquota_cbs=empresa.aliquota_cbs, aliquota_ibs_uf=empresa.aliquota_ibs_uf,
        aliquota_ibs_mun=empresa.aliquota_ibs_mun, cst_ibs_cbs=empresa.cst_ibs_cbs_padrao or "",
        classificacao_tributaria=empresa.cclass_trib_padrao or "",
    )


def tributacao(empresa: Empresa) -> doc.Tributacao:
    simples = empresa.crt in CRT_SIMPLES
    return doc.Tributacao(
        cst_icms="" if simples else empresa.cst_icms_padrao,
        csosn=empresa.csosn_padrao if simples else "",
        aliquota_icms=empresa.aliquota_icms,
        cst_pis=empresa.cst_pis, aliquota_pis=empresa.aliquota_pis,
        cst_cofins=empresa.cst_cofins, aliquota_cofins=empresa.aliquota_cofins,
        cst_ipi=empresa.cst_ipi if empresa.ipi_ativo else "",
        aliquota_ipi=empresa.aliquota_ipi or Decimal(0),
        enquadramento_ipi=empresa.ipi_enquadramento or "999",
    )


def indicador_ie_destinatario(cliente: Cliente) -> int:
    """indIEDest: 1 só com IE (algarismos); "ISENTO" ou IE vazia → 9, não contribuinte, e portanto consumidor
    final (indFinal 1) com DIFAL na venda interestadual. O 2 ("contribuinte isento de inscrição") é recusado
    pela rejeição 805 em AM, BA, CE, GO, MG, MS, MT, PA, PE, RN, SE e SP e não leva ao DIFAL: a PJ que se diz
    isenta vai como não contribuinte (docs/fiscal.md, "Inscrição estadual do comprador")."""
    ie = digitos(cliente.ie or "")
    return 1 if cliente.indicador_ie == 1 and ie else 9


def destinatario(venda: Venda) -> doc.Destinatario:
    cliente = venda.cliente
    indicador = indicador_ie_destinatario(cliente)
    return doc.Destinatario(
        nome=cliente.nome, cpf_cnpj=somente_digitos_ou_letras(cliente.cpf_cnpj),
        endereco=endereco_destinatario(venda), ie=digitos(cliente.ie or "") if indicador == 1 else "",
        ind_ie_dest=indicador, email=cliente.email or "",
        fone=digitos(cliente.telefone or cliente.celular)[:14],
    )


def item(venda_item: VendaItem, trib: doc.Tributacao, empresa: Empresa | None = None) -> doc.Item:
    produto = venda_item.produto
    if empresa is not None:  # a tributação do produto sobre o padrão da empresa, e o IBPT (fiscal_produto.py)
        trib = fiscal_produto.tributacao(produto, trib, empresa.crt in CRT_SIMPLES)
    variacao = venda_item.variacao
    codigo = (variacao.referencia if variacao else "") or venda_item.referencia or produto.referencia
    gtin = digitos((variacao.ean if variacao else "") or produto.ean)
    return doc.Item(
        codigo=codigo, descricao=venda_item.descricao or produto.nome, ncm=digitos(produto.ncm),
        quantidade=Decimal(venda_item.quantidade), valor_unitario=Decimal(venda_item.valor_unitario),
        unidade=produto.unidade or "UN", cest=digitos(produto.cest), origem=produto.origem or 0,
        gtin=gtin or "SEM GTIN", desconto=venda_item.desconto or Decimal(0), tributacao=trib,
        fci=fiscal_produto.fci(produto),
        carga_tributaria=ibpt.carga(digitos(produto.ncm), produto.origem or 0, hoje()),
    )


def cartao(pagamento) -> doc.Cartao:
    """Grupo card: tpIntegra 1 (integrado) só com o CNPJ da credenciadora e a autorização; senão 2."""
    if pagamento.cnpj_credenciadora and pagamento.autorizacao:
        return doc.Cartao(integracao=1, cnpj_credenciadora=pagamento.cnpj_credenciadora,
                          bandeira=pagamento.bandeira or "99", autorizacao=pagamento.autorizacao)
    return doc.Cartao(integracao=2)


def pagamentos(venda: Venda) -> tuple[doc.Pagamento, ...]:
    """detPag de cada pagamento; o meio (tPag) é o da venda, que segue o mapeamento da loja (a importação o
    aplica, e a loja que o edita o reaplica às vendas a faturar)."""
    saida = []
    for p in venda.pagamentos:
        forma = (p.tpag or "99").zfill(2)
        saida.append(doc.Pagamento(
            forma=forma, valor=p.valor, a_prazo=(p.parcelas or 1) > 1,
            descricao=(p.forma or "")[:60] if forma == "99" else "",
            cartao=cartao(p) if forma in PAGAMENTO_COM_CARTAO else None,
            data=p.data,
        ))
    return tuple(saida)


def intermediador(venda: Venda) -> doc.Intermediador | None:
    """infIntermed: CNPJ do intermediador e idCadIntTran, a identificação do vendedor no marketplace."""
    if not (venda.marketplace_cnpj or venda.marketplace_nome):
        return None
    return doc.Intermediador(cnpj=somente_digitos_ou_letras(venda.marketplace_cnpj),
                             identificador=vendedor_no_marketplace(venda)[:60])


def vendedor_no_marketplace(venda: Venda) -> str:
    """idCadIntTran: o id do vendedor no marketplace (marketplace_seller_id, ou o nome dele lá, guardados na
    importação); vendas importadas antes de o ERP guardá-lo usam o nome da loja, nunca o número do pedido."""
    return (venda.marketplace_vendedor_id or (venda.loja.nome if venda.loja else "") or "").strip()


def retirada_na_loja(venda: Venda, envio) -> bool:
    if envio is not None:
        return envio.retirada
    nome = normalizar(venda.forma_envio or "")
    return any(p in nome for p in _PALAVRAS_RETIRADA)


def volume(venda: Venda) -> doc.Volume:
    """Um volume (qVol 1), espécie VOLUME e os pesos: peso dos produtos (gramas na Tray) × quantidade, em kg com
    3 casas; sem o peso de algum produto, os pesos ficam de fora."""
    pesos = [(i.produto.peso_g if i.produto else None, i.quantidade) for i in venda.itens]
    if pesos and all(peso for peso, _ in pesos):
        quilos = (sum((Decimal(peso) * quantidade for peso, quantidade in pesos), Decimal(0))
                  / 1000).quantize(KG)
        return doc.Volume(quantidade=1, especie=ESPECIE_VOLUME, peso_liquido=quilos, peso_bruto=quilos)
    return doc.Volume(quantidade=1, especie=ESPECIE_VOLUME)


def transporte(venda: Venda) -> doc.Frete:
    """modFrete 0 (contratação por conta do remetente) em toda venda que a loja envia, com frete grátis ou não;
    9 (sem ocorrência de transporte) só na retirada na loja. A transportadora vem do mapeamento da forma de
    envio da loja."""
    envio = envio_da_venda(venda)
    if retirada_na_loja(venda, envio):
        return doc.Frete(modalidade_frete=9, volumes=(volume(venda),))
    t = envio.transportadora if envio is not None else None
    transportadora = None if t is None else doc.Transportadora(
        nome=t.nome, cpf_cnpj=somente_digitos_ou_letras(t.cpf_cnpj), ie=digitos(t.ie) or t.ie.strip().upper(),
        endereco=t.endereco, municipio=t.municipio, uf=t.uf)
    return doc.Frete(modalidade_frete=0, transportadora=transportadora, volumes=(volume(venda),))


def responsavel_tecnico(empresa: Empresa) -> doc.ResponsavelTecnico | None:
    if not empresa.resp_cnpj:
        return None
    com_csrt = bool(empresa.csrt_id and empresa.csrt)
    return doc.ResponsavelTecnico(cnpj=empresa.resp_cnpj, contato=empresa.resp_contato,
                                  email=empresa.resp_email, fone=empresa.resp_fone,
                                  id_csrt=empresa.csrt_id if com_csrt else "",
                                  csrt=empresa.csrt if com_csrt else "")


def desconto_a_ratear(venda: Venda) -> Decimal:
    """Parte do desconto do pedido que ainda não está nos itens.

    A importação já distribui o desconto do pedido em VendaItem.desconto (ao centavo); só o que
    sobrar (venda com desconto do pedido sem rateio nos itens) é rateado pela NF-e.
    """
    nos_itens = sum((i.desconto or Decimal(0) for i in venda.itens), Decimal(0))
    return max(Decimal(0), (venda.desconto or Decimal(0)) - nos_itens)


def converter(venda: Venda, empresa: Empresa, numero: int = 1,
              momento: datetime | None = None) -> Conversao:
    """Monta o documento fiscal da venda. Levanta CadastroIncompleto com as pendências de cadastro."""
    pendencias = pendencias_dos_produtos(venda) + pendencias_do_cliente(venda)
    if venda.marketplace_nome and not venda.marketplace_cnpj:
        pendencias.append(PendenciaCadastro(
            f"Venda {venda.id}: o marketplace “{venda.marketplace_nome}” está sem o CNPJ do intermediador",
            campo="marketplace_cnpj"))
    if (venda.marketplace_nome or venda.marketplace_cnpj) and len(vendedor_no_marketplace(venda)) < 2:
        pendencias.append(PendenciaCadastro(
            f"Venda {venda.id}: falta a identificação do vendedor no marketplace (marketplace_seller_id), "
            "o idCadIntTran do intermediador", campo="marketplace_vendedor_id"))
    if not venda.itens:
        pendencias.append(PendenciaCadastro(f"Venda {venda.id}: não tem itens", campo="itens"))
    if pendencias:
        raise CadastroIncompleto(pendencias)
    trib = tributacao(empresa)
    itens = tuple(item(i, trib, empresa) for i in venda.itens)
    momento = (momento or datetime.now(FUSO)).astimezone(FUSO).replace(microsecond=0)
    momento = hora_local(momento, empresa.uf, digitos(empresa.municipio_ibge))  # o fuso da UF do emitente
    dest = destinatario(venda)
    documento = doc.DocumentoNFe(
        emitente=emitente(empresa), destinatario=dest, itens=itens,
        serie=empresa.serie, numero=numero, data_emissao=momento, data_saida=momento,
        pagamentos=pagamentos(venda), entrega=local_entrega(venda, dest.endereco),
        ambiente=doc.PRODUCAO if empresa.ambiente == "producao" else doc.HOMOLOGACAO,
        frete=venda.frete or Decimal(0), seguro=venda.seguro or Decimal(0),
        outras_despesas=venda.outras_despesas or Decimal(0), desconto=desconto_a_ratear(venda),
        intermediador=intermediador(venda),
        transporte=transporte(venda),
        responsavel_tecnico=responsavel_tecnico(empresa),
        informacoes_complementares=f"Pedido {venda.pedido_tray_id} da loja virtual.",
    )
    por_codigo = {i.codigo: vi.produto_id for i, vi in zip(itens, venda.itens)}
    return Conversao(documento, por_codigo)
