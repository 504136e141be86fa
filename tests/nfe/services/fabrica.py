"""Dados de teste gravados no banco: empresa com certificado, clientes, produtos e vendas."""
from datetime import datetime, timedelta
from decimal import Decimal as D
from functools import lru_cache
from itertools import count

from erp.comum.documentos import dv_cnpj, dv_cpf
from erp.extensions import db
from erp.lojas_virtuais.models import LojaVirtual
from erp.nfe.fiscal.certificado import carregar_certificado
from erp.nfe.services import certificado as certificados
from erp.nfe.services import empresa as empresas
from erp.produtos.models import Produto
from erp.sandbox.certificado import gerar_certificado_teste
from erp.vendas.models import Cliente, Venda, VendaItem, VendaPagamento

SENHA = "senha-a1"
CNPJ_EMPRESA = "45378261000188"
CNPJ_ALFANUMERICO = "12ABC34501DE35"  # exemplo oficial da Receita Federal
CNPJ_MARKETPLACE = "998887770001" + dv_cnpj("998887770001")
CNPJ_CLIENTE_PJ = "443332220001" + dv_cnpj("443332220001")
MUNICIPIOS = {  # UF: (código IBGE, município, CEP)
    "SP": ("3550308", "São Paulo", "01310100"),
    "RJ": ("3304557", "Rio de Janeiro", "20040002"),
    "MG": ("3106200", "Belo Horizonte", "30130010"),
    "BA": ("2927408", "Salvador", "40020000"),
    "PR": ("4106902", "Curitiba", "80010000"),
}
_sequencia = count(1)


def cpf(base9: str) -> str:
    return base9 + dv_cpf(base9)


def dados_empresa(**campos) -> dict:
    dados = {
        "razao_social": "Empório Paulista Comércio de Presentes Ltda", "nome_fantasia": "Empório Paulista",
        "cnpj": CNPJ_EMPRESA, "ie": "110042490000", "crt": 1, "logradouro": "Rua Augusta", "numero": "1508",
        "complemento": "Loja 3", "bairro": "Consolação", "municipio": "São Paulo", "municipio_ibge": "3550308",
        "uf": "SP", "cep": "01304001", "telefone": "1132851234", "serie": 1, "proximo_numero": 1,
        "ambiente": "homologacao",
    }
    dados.update(campos)
    return dados


@lru_cache(maxsize=None)
def pfx(cnpj: str = CNPJ_EMPRESA, dias: int = 365) -> bytes:
    """Um A1 de teste por CNPJ e validade (gerar a chave RSA custa)."""
    return gerar_certificado_teste(cnpj, SENHA, "EMPORIO PAULISTA", dias=dias)


def pem(cnpj: str = CNPJ_EMPRESA) -> bytes:
    return carregar_certificado(pfx(cnpj), SENHA).pem


def empresa(com_certificado: bool = True, **campos):
    registro, _ = empresas.configurar(dados_empresa(**campos))
    if com_certificado:
        certificados.salvar(registro, pfx(registro.cnpj), SENHA)
    return registro


def loja(nome: str = "Loja Tray Demo") -> LojaVirtual:
    existente = db.session.query(LojaVirtual).filter_by(nome=nome).first()
    if existente:
        return existente
    registro = LojaVirtual(nome=nome, usuario=str(next(_sequencia)), site="http://127.0.0.1/web_api")
    db.session.add(registro)
    db.session.commit()
    return registro


def cliente(nome: str = "Maria José da Silva", documento: str | None = None, uf: str = "SP",
            tipo: str = "F", ie: str = "", indicador_ie: int = 9, **campos) -> Cliente:
    codigo, municipio, cep = MUNICIPIOS[uf]
    documento = documento or cpf(f"{next(_sequencia) + 123456000:09d}")
    dados = dict(nome=nome, tipo_pessoa=tipo, cpf_cnpj=documento, ie=ie, indicador_ie=indicador_ie,
                 email="cliente@example.com", telefone="11987654321", logradouro="Rua das Flores",
                 numero="25", bairro="Centro", municipio=municipio, municipio_ibge=codigo, uf=uf, cep=cep)
    dados.update(campos)
    registro = Cliente(**dados)
    db.session.add(registro)
    db.session.commit()
    return registro


def cliente_pj(uf: str = "SP", **campos) -> Cliente:
    return cliente(nome="Mercado Bom Preço Ltda", documento=CNPJ_CLIENTE_PJ, tipo="J", ie="123456789012",
                   indicador_ie=1, uf=uf, **campos)


def produto(referencia: str | None = None, nome: str = "Caneca de cerâmica 300 ml", ncm: str | None = "69120000",
            preco: str = "39.90", **campos) -> Produto:
    referencia = referencia or f"CAN-{next(_sequencia):04d}"
    dados = dict(referencia=referencia, nome=nome, ncm=ncm, preco=D(preco), unidade="UN", origem=0,
                 pendencias=[] if ncm else ["NCM"])
    dados.update(campos)
    registro = Produto(**dados)
    db.session.add(registro)
    db.session.commit()
    return registro


def venda(itens=None, cliente_=None, frete="0", seguro="0", desconto="0", outras="0", situacao="pronto_para_faturar",
          pagamentos=None, **campos) -> Venda:
    """`itens` = [(produto, quantidade, preço unitário)]; o pagamento padrão (PIX) cobre o total."""
    cliente_ = cliente_ or cliente()
    itens = itens if itens is not None else [(produto(), "2", "39.90")]
    numero = next(_sequencia)
    registro = Venda(
        loja=loja(), pedido_tray_id=str(48200 + numero), cliente=cliente_, situacao=situacao,
        data_pedido=datetime(2026, 11, 20, 15, 30) - timedelta(minutes=numero),
        destinatario=cliente_.nome, frete=D(frete), seguro=D(seguro), desconto=D(desconto),
        outras_despesas=D(outras), **campos,
    )
    for prod, quantidade, preco in itens:
        registro.itens.append(VendaItem(produto=prod, descricao=prod.nome, referencia=prod.referencia,
                                        quantidade=D(quantidade), valor_unitario=D(preco)))
    produtos = sum((D(q) * D(p) for _, q, p in itens), D(0)).quantize(D("0.01"))
    registro.total_produtos = produtos
    registro.total = produtos - D(desconto) + D(frete) + D(seguro) + D(outras)
    for forma, tpag, valor in pagamentos if pagamentos is not None else [("PIX", "17", registro.total)]:
        registro.pagamentos.append(VendaPagamento(forma=forma, tpag=tpag, valor=D(valor)))
    db.session.add(registro)
    db.session.commit()
    return registro
