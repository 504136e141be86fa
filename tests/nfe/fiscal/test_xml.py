"""Montagem do XML: ordem dos grupos, Id, campos opcionais, esqueletos em cache e a NFe sem assinatura."""
from decimal import Decimal as D

from lxml import etree

from erp.nfe.fiscal import montar_nfe
from erp.nfe.fiscal.documento import ResponsavelTecnico
from erp.nfe.fiscal.emitir import calcular, chave_da_nota
from erp.nfe.fiscal.escritor import Escritor
from erp.nfe.fiscal.xml import construir_inf_nfe
from erp.nfe.fiscal.xsd import erros_schema
from tests.nfe import fabrica as f

NS = {"n": "http://www.portalfiscal.inf.br/nfe"}


def nomes(elemento):
    return [etree.QName(e).localname for e in elemento]


def test_grupos_do_infnfe_na_ordem_do_xsd():
    nfe = montar_nfe(f.nota(intermediador=f.marketplace(), informacoes_complementares="Obrigado!"))
    assert etree.QName(nfe).localname == "NFe"
    inf = nfe[0]
    assert nomes(inf) == ["ide", "emit", "dest", "det", "det", "total", "transp", "pag", "infIntermed",
                          "infAdic", "infRespTec"]
    assert inf.get("versao") == "4.00"
    assert inf.get("Id") == "NFe" + chave_da_nota(f.nota())
    assert nomes(inf.find("n:ide", NS))[:7] == ["cUF", "cNF", "natOp", "mod", "serie", "nNF", "dhEmi"]
    assert inf.findtext("n:ide/n:dhEmi", namespaces=NS) == "2026-03-10T14:05:00-03:00"


def test_sem_assinatura_o_xsd_acusa_so_a_falta_dela():
    assert erros_schema(montar_nfe(f.nota())) == ["Campo NFe: falta um destes campos: infNFeSupl, Signature."]


def test_namespace_declarado_uma_vez_e_sem_prefixo():
    xml = etree.tostring(montar_nfe(f.nota()))
    assert xml.startswith(b'<NFe xmlns="http://www.portalfiscal.inf.br/nfe"><infNFe ')
    assert xml.count(b"xmlns=") == 1
    assert b"ns0:" not in xml


def test_campos_opcionais_zerados_ficam_de_fora():
    inf = montar_nfe(f.nota())[0]
    prod = inf.find("n:det/n:prod", NS)
    assert nomes(prod) == ["cProd", "cEAN", "xProd", "NCM", "CFOP", "uCom", "qCom", "vUnCom", "vProd",
                           "cEANTrib", "uTrib", "qTrib", "vUnTrib", "indTot"]
    assert prod.findtext("n:qCom", namespaces=NS) == "2.0000"
    assert inf.find("n:infAdic", NS) is None


def test_gtin_ausente_ou_invalido_vira_sem_gtin():
    inf = montar_nfe(f.nota())[0]
    segundo = inf.findall("n:det", NS)[1]
    assert segundo.findtext("n:prod/n:cEAN", namespaces=NS) == "SEM GTIN"
    assert segundo.findtext("n:prod/n:cEANTrib", namespaces=NS) == "SEM GTIN"


def test_textos_longos_sao_cortados():
    inf = montar_nfe(f.nota(itens=[f.item(descricao="x" * 300)]))[0]
    assert len(inf.findtext("n:det/n:prod/n:xProd", namespaces=NS)) == 120


def test_hash_csrt_do_responsavel_tecnico():
    import base64
    import hashlib

    resp = ResponsavelTecnico(f.CNPJ_SOFTWARE, "Equipe", "fiscal@erp.example", "1140028922", "01", "SEGREDO123")
    nota = f.nota(responsavel_tecnico=resp)
    inf = montar_nfe(nota)[0]
    chave = inf.get("Id")[3:]
    esperado = base64.b64encode(hashlib.sha1(("SEGREDO123" + chave).encode()).digest()).decode()
    assert inf.findtext("n:infRespTec/n:idCSRT", namespaces=NS) == "01"
    assert inf.findtext("n:infRespTec/n:hashCSRT", namespaces=NS) == esperado


def test_notas_do_mesmo_formato_sao_arvores_independentes():
    """Os esqueletos e blocos prontos vêm de cache: alterar uma nota não pode afetar a próxima."""
    nota = f.nota()
    primeira = construir_inf_nfe(calcular(nota), chave_da_nota(nota))
    for elemento in primeira.iter():
        elemento.text = "alterado"
    outra = f.nota(numero=99, codigo_numerico="11223344", itens=[f.item(quantidade=D("3"))])
    segunda = construir_inf_nfe(calcular(outra), chave_da_nota(outra))
    assert segunda.findtext("n:ide/n:nNF", namespaces=NS) == "99"
    assert segunda.findtext("n:emit/n:CNPJ", namespaces=NS) == f.CNPJ_EMITENTE
    assert segunda.findtext("n:det/n:prod/n:qCom", namespaces=NS) == "3.0000"
    assert "alterado" not in etree.tostring(segunda, encoding="unicode")


def test_escritor_equivale_a_montar_elemento_a_elemento():
    w = Escritor()
    w.abrir("a", {"x": "1"})
    w.e("b", "texto & <especial>")
    w.abrir("c")
    w.campos(("d", "e"), ("1", "2"))
    w.fechar()
    w.fechar()
    w.fim_bloco()
    w.bloco_fixo(("teste", 1), lambda w: (w.abrir("f"), w.e("g", "G"), w.fechar()))
    raiz = w.materializar("r", {"Id": "R1"})
    assert etree.tostring(raiz) == (
        b'<r xmlns="http://www.portalfiscal.inf.br/nfe" Id="R1"><a x="1"><b>texto &amp; &lt;especial&gt;</b>'
        b"<c><d>1</d><e>2</e></c></a><f><g>G</g></f></r>")


def test_bloco_fixo_vem_pronto_do_cache_na_nota_seguinte():
    chamadas = []

    def escrever(w, texto):
        chamadas.append(texto)
        w.abrir("f")
        w.e("g", texto)
        w.fechar()

    for texto in ("primeiro", "segundo"):
        w = Escritor()
        w.bloco_fixo(("teste", 2), lambda w: escrever(w, texto))
        raiz = w.materializar("r", {})
        assert raiz.findtext("n:f/n:g", namespaces=NS) == "primeiro"
    assert chamadas == ["primeiro"]
