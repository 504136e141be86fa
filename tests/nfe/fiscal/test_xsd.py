"""Validação no XSD oficial (nfelib): mensagens em português com o campo, e nada inválido é assinado."""
import pytest
from lxml import etree

from erp.nfe.fiscal import Assinador, SchemaInvalido, gerar_lote, gerar_nfe
from erp.nfe.fiscal.xsd import caminho_xsd_nfe, erros_schema, schema_nfe, validar
from tests.nfe import fabrica as f

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


@pytest.fixture
def nfe():
    """Uma NF-e válida e assinada, relida dos bytes."""
    return etree.fromstring(gerar_nfe(f.nota(), f.certificado()).xml)


def alterar(nfe, caminho, texto):
    nfe.find(caminho, NS).text = texto
    return erros_schema(nfe)


def test_usa_o_xsd_do_nfelib_carregado_uma_vez():
    assert caminho_xsd_nfe().endswith("nfelib/nfe/schemas/v4_0/nfe_v4.00.xsd")
    assert schema_nfe() is schema_nfe()


def test_documento_valido_nao_tem_erros(nfe):
    assert erros_schema(nfe) == []
    validar(nfe)


def test_padrao_invalido_nomeia_o_campo(nfe):
    assert alterar(nfe, "n:infNFe/n:dest/n:CPF", "123") == [
        "Campo dest/CPF: valor '123' inválido (formato esperado: [0-9]{11})."]


def test_tamanho_maximo_em_item_nomeia_item_e_produto(nfe):
    assert alterar(nfe, "n:infNFe/n:det/n:prod/n:xProd", "x" * 130) == [
        "Item 1 (produto CHA-2L), campo prod/xProd: texto com 130 caracteres; o máximo é 120."]


def test_tamanho_minimo(nfe):
    assert alterar(nfe, "n:infNFe/n:emit/n:xNome", "A") == [
        "Campo emit/xNome: texto com 1 caracteres; o mínimo é 2."]


def test_valor_fora_da_lista(nfe):
    assert alterar(nfe, "n:infNFe/n:ide/n:tpAmb", "5") == [
        "Campo ide/tpAmb: valor '5' não permitido (valores aceitos: '1', '2')."]


def test_campo_faltando(nfe):
    ncm = nfe.findall("n:infNFe/n:det", NS)[1].find("n:prod/n:NCM", NS)
    ncm.getparent().remove(ncm)
    assert erros_schema(nfe) == [
        "Item 2 (produto CAF-500), campo prod/CFOP: campo fora de ordem ou não permitido aqui (esperado: NCM)."]


def test_atributo_invalido(nfe):
    nfe.find("n:infNFe", NS).set("Id", "NFe123")
    [mensagem] = erros_schema(nfe)
    assert mensagem.startswith("Campo infNFe/@Id: valor 'NFe123' inválido")


def test_varios_erros_um_por_campo(nfe):
    nfe.find("n:infNFe/n:ide/n:tpAmb", NS).text = "5"
    nfe.find("n:infNFe/n:total/n:ICMSTot/n:vNF", NS).text = "1,00"
    with pytest.raises(SchemaInvalido) as erro:
        validar(nfe)
    assert erro.value.mensagens == [
        "Campo ide/tpAmb: valor '5' não permitido (valores aceitos: '1', '2').",
        "Campo total/ICMSTot/vNF: valor '1,00' inválido (formato esperado: "
        "0|0\\.[0-9]{2}|[1-9]{1}[0-9]{0,12}(\\.[0-9]{2})?).",
    ]


class AssinadorEspiao(Assinador):
    def __init__(self, certificado):
        super().__init__(certificado)
        self.assinadas = 0

    def concluir(self, preparada):
        self.assinadas += 1
        super().concluir(preparada)


def test_nota_invalida_no_xsd_nao_e_assinada():
    espiao = AssinadorEspiao(f.certificado())
    invalida = f.nota(itens=[f.item(item_pedido="12345678")])  # nItemPed tem no máximo 6 algarismos
    with pytest.raises(SchemaInvalido) as erro:
        gerar_nfe(invalida, espiao)
    assert erro.value.mensagens == [
        "Item 1 (produto CHA-2L), campo prod/nItemPed: valor '12345678' inválido (formato esperado: [0-9]{1,6})."]
    assert espiao.assinadas == 0


def test_no_lote_so_as_validas_sao_assinadas():
    espiao = AssinadorEspiao(f.certificado())
    notas = [f.nota(numero=1, itens=[f.item(item_pedido="12345678")]), f.nota(numero=2)]
    invalida, valida = gerar_lote(notas, espiao)
    assert isinstance(invalida.erro, SchemaInvalido) and invalida.gerada is None
    assert valida.erro is None and b"<SignatureValue>" in valida.gerada.xml
    assert espiao.assinadas == 1
