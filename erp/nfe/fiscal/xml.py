"""Monta o XML da NF-e 4.00 com lxml, na ordem do XSD (nunca concatenando texto de XML).

O infNFe nasce como raiz do seu próprio documento e só depois entra no NFe: a canonicalização (C14N)
do lxml 6.1 erra em elementos que não são raiz e herdam o namespace padrão (escreve xmlns="" nos
netos), então a assinatura canonicaliza sempre raízes. Veja assinatura.py.
"""
import base64
import hashlib

from lxml import etree

from erp.nfe.fiscal import tabelas
from erp.nfe.fiscal.documento import Cartao
from erp.nfe.fiscal.escritor import NS, P, Escritor
from erp.nfe.fiscal.formato import data_hora, digitos, texto, valor
from erp.nfe.fiscal.resultado import NotaCalculada, Totais
from erp.nfe.fiscal.xml_itens import det

VERSAO = "4.00"
PRESENCA_COM_INTERMEDIADOR = frozenset({2, 3, 4, 9})  # indIntermed obrigatório (434); senão proibido (435)
_CARTAO_NAO_INTEGRADO = Cartao()


def construir_inf_nfe(calc: NotaCalculada, chave: str) -> etree._Element:
    """O elemento infNFe completo, raiz de um documento novo (ainda fora do NFe)."""
    nota = calc.nota
    w = Escritor()
    _ide(w, calc, chave)
    w.fim_bloco()
    w.bloco_fixo(("emit", nota.emitente), lambda w: _emit(w, nota.emitente))
    _dest(w, calc)
    w.fim_bloco()
    if nota.entrega is not None:
        _entrega(w, nota.entrega)
        w.fim_bloco()
    for item in calc.itens:
        det(w, item)
        w.fim_bloco()
    _total(w, calc.totais)
    w.fim_bloco()
    w.bloco_fixo(("transp", nota.transporte), lambda w: _transp(w, nota.transporte))
    _pag(w, calc)
    w.fim_bloco()
    if nota.intermediador is not None:
        w.abrir("infIntermed")
        w.e("CNPJ", nota.intermediador.cnpj)
        w.e("idCadIntTran", texto(nota.intermediador.identificador, 60))
        w.fechar()
        w.fim_bloco()
    if _inf_adic(w, nota, calc.textos_legais):
        w.fim_bloco()
    resp = nota.responsavel_tecnico
    if resp is not None and resp.csrt:
        _resp_tec(w, resp, chave)  # o hashCSRT depende da chave
        w.fim_bloco()
    elif resp is not None:
        w.bloco_fixo(("infRespTec", resp), lambda w: _resp_tec(w, resp, chave))
    return w.materializar("infNFe", {"versao": VERSAO, "Id": "NFe" + chave})


def envelopar(inf: etree._Element) -> etree._Element:
    """NFe com o infNFe dentro (o infNFe deixa de ser raiz; a declaração de namespace repetida some)."""
    nfe = etree.Element(P + "NFe", nsmap={None: NS})
    nfe.append(inf)
    return nfe


_IDE_INICIO = ("cUF", "cNF", "natOp", "mod", "serie", "nNF", "dhEmi")
_IDE_MEIO = ("tpNF", "idDest", "cMunFG", "tpImp", "tpEmis", "cDV", "tpAmb", "finNFe", "indFinal", "indPres")


def _ide(w: Escritor, calc: NotaCalculada, chave: str) -> None:
    nota = calc.nota
    w.abrir("ide")
    w.campos(_IDE_INICIO, (chave[:2], chave[35:43], texto(nota.natureza_operacao, 60), "55", str(nota.serie),
                           str(nota.numero), data_hora(nota.data_emissao)))
    if nota.data_saida is not None:
        w.e("dhSaiEnt", data_hora(nota.data_saida))
    w.campos(_IDE_MEIO, ("1", str(calc.id_destino), nota.emitente.endereco.codigo_municipio, "1",
                         str(nota.tipo_emissao), chave[43], str(nota.ambiente), str(nota.finalidade),
                         str(calc.consumidor_final), str(nota.presenca)))
    if nota.presenca in PRESENCA_COM_INTERMEDIADOR:
        w.e("indIntermed", "1" if nota.intermediador is not None else "0")
    w.e("procEmi", "0")
    w.e("verProc", texto(nota.versao_aplicativo, 20))
    if nota.data_contingencia is not None:
        w.e("dhCont", data_hora(nota.data_contingencia))
        w.e("xJust", texto(nota.justificativa_contingencia, 256))
    w.fechar()


def _documento(w: Escritor, numero: str) -> None:
    w.e("CPF" if len(numero) == 11 else "CNPJ", numero)


_ENDERECO_MEIO = ("xBairro", "cMun", "xMun", "UF", "CEP", "cPais", "xPais")


def _campos_do_endereco(w: Escritor, end, fone: str) -> None:
    """xLgr ... xPais e fone: o miolo comum de enderEmit, enderDest e entrega (TEndereco / TLocal)."""
    w.e("xLgr", texto(end.logradouro, 60))
    w.e("nro", texto(end.numero, 60) or "S/N")
    complemento = texto(end.complemento, 60)
    if complemento:
        w.e("xCpl", complemento)
    w.campos(_ENDERECO_MEIO, (texto(end.bairro, 60), end.codigo_municipio, texto(end.municipio, 60), end.uf,
                              digitos(end.cep), "1058", "BRASIL"))
    fone = digitos(fone)
    if 6 <= len(fone) <= 14:
        w.e("fone", fone)


def _endereco(w: Escritor, grupo: str, end, fone: str) -> None:
    w.abrir(grupo)
    _campos_do_endereco(w, end, fone)
    w.fechar()


def _emit(w: Escritor, emitente) -> None:
    w.abrir("emit")
    _documento(w, emitente.cnpj)
    w.e("xNome", texto(emitente.razao_social, 60))
    fantasia = texto(emitente.nome_fantasia, 60)
    if fantasia:
        w.e("xFant", fantasia)
    _endereco(w, "enderEmit", emitente.endereco, emitente.fone)
    ie = emitente.ie.strip().upper()
    w.e("IE", ie if ie == "ISENTO" else digitos(ie))
    if emitente.im:
        w.e("IM", texto(emitente.im, 15))
        if emitente.cnae:
            w.e("CNAE", digitos(emitente.cnae))
    w.e("CRT", str(emitente.crt))
    w.fechar()


def _dest(w: Escritor, calc: NotaCalculada) -> None:
    nota = calc.nota
    destinatario = nota.destinatario
    w.abrir("dest")
    _documento(w, destinatario.cpf_cnpj)
    w.e("xNome", tabelas.TEXTO_HOMOLOGACAO if nota.ambiente == 2 else texto(destinatario.nome, 60))
    _endereco(w, "enderDest", destinatario.endereco, destinatario.fone)
    w.e("indIEDest", str(calc.ind_ie_dest))
    if calc.ind_ie_dest == 1:
        w.e("IE", digitos(destinatario.ie))
    email = texto(destinatario.email, 60)
    if email:
        w.e("email", email)
    w.fechar()


def _entrega(w: Escritor, local) -> None:
    """O grupo entrega (TLocal): documento de quem recebe, nome e o endereço, na ordem do XSD."""
    w.abrir("entrega")
    _documento(w, local.cpf_cnpj)
    nome = texto(local.nome, 60)
    if len(nome) >= 2:
        w.e("xNome", nome)
    _campos_do_endereco(w, local.endereco, local.fone)
    w.fechar()


_ICMS_TOT = (
    ("vBC", "base_icms"), ("vICMS", "icms"), ("vICMSDeson", "icms_desonerado"),
    ("vFCPUFDest", "difal_fcp"), ("vICMSUFDest", "difal_destino"), ("vICMSUFRemet", "difal_remetente"),
    ("vFCP", "fcp"), ("vBCST", "base_st"), ("vST", "st"), ("vFCPST", "fcp_st"),
    ("vFCPSTRet", "fcp_st_retido"), ("vProd", "produtos"), ("vFrete", "frete"), ("vSeg", "seguro"),
    ("vDesc", "desconto"), ("vII", "ii"), ("vIPI", "ipi"), ("vIPIDevol", "ipi_devolvido"),
    ("vPIS", "pis"), ("vCOFINS", "cofins"), ("vOutro", "outras"), ("vNF", "nota"),
)


_ICMS_TOT_SEM_DIFAL = tuple(par for par in _ICMS_TOT if not par[0].startswith(("vFCPUF", "vICMSUF")))


def _total(w: Escritor, totais: Totais) -> None:
    w.abrir("total")
    w.abrir("ICMSTot")
    pares = _ICMS_TOT if totais.difal_destino is not None else _ICMS_TOT_SEM_DIFAL
    w.campos(tuple(tag for tag, _ in pares), [valor(getattr(totais, campo)) for _, campo in pares])
    if totais.tributos is not None:
        w.e("vTotTrib", valor(totais.tributos))  # Lei 12.741/2012
    w.fechar()
    if totais.base_ibs_cbs is not None:
        _ibs_cbs_tot(w, totais)
    w.fechar()


def _ibs_cbs_tot(w: Escritor, totais: Totais) -> None:
    w.abrir("IBSCBSTot")
    w.e("vBCIBSCBS", valor(totais.base_ibs_cbs))
    w.abrir("gIBS")
    for grupo, campo, v in (("gIBSUF", "vIBSUF", totais.ibs_uf), ("gIBSMun", "vIBSMun", totais.ibs_mun)):
        w.abrir(grupo)
        w.e("vDif", "0.00")
        w.e("vDevTrib", "0.00")
        w.e(campo, valor(v))
        w.fechar()
    w.e("vIBS", valor(totais.ibs))
    w.e("vCredPres", "0.00")
    w.e("vCredPresCondSus", "0.00")
    w.fechar()
    w.abrir("gCBS")
    w.e("vDif", "0.00")
    w.e("vDevTrib", "0.00")
    w.e("vCBS", valor(totais.cbs))
    w.e("vCredPres", "0.00")
    w.e("vCredPresCondSus", "0.00")
    w.fechar()
    w.fechar()


def _transp(w: Escritor, transporte) -> None:
    w.abrir("transp")
    w.e("modFrete", str(transporte.modalidade_frete))
    t = transporte.transportadora
    if t is not None:
        w.abrir("transporta")
        if t.cpf_cnpj:
            _documento(w, t.cpf_cnpj)
        for tag, conteudo, maximo in (("xNome", t.nome, 60), ("IE", t.ie, 14), ("xEnder", t.endereco, 60),
                                      ("xMun", t.municipio, 60), ("UF", t.uf, 2)):
            conteudo = texto(conteudo, maximo)
            if conteudo:
                w.e(tag, conteudo)
        w.fechar()
    for v in transporte.volumes:
        w.abrir("vol")
        if v.quantidade is not None:
            w.e("qVol", str(v.quantidade))
        for tag, conteudo in (("esp", v.especie), ("marca", v.marca), ("nVol", v.numeracao)):
            conteudo = texto(conteudo, 60)
            if conteudo:
                w.e(tag, conteudo)
        if v.peso_liquido is not None:
            w.e("pesoL", f"{v.peso_liquido:.3f}")
        if v.peso_bruto is not None:
            w.e("pesoB", f"{v.peso_bruto:.3f}")
        w.fechar()
    w.fechar()


def _pag(w: Escritor, calc: NotaCalculada) -> None:
    w.abrir("pag")
    for d in calc.pagamentos:
        w.abrir("detPag")
        p = d.pagamento
        if p is not None and p.a_prazo is not None:
            w.e("indPag", "1" if p.a_prazo else "0")
        w.e("tPag", d.forma)
        if d.descricao:
            w.e("xPag", texto(d.descricao, 60))
        w.e("vPag", valor(d.valor))
        if p is not None and p.data is not None:
            w.e("dPag", p.data.isoformat())
        cartao = p.cartao if p is not None else None
        if cartao is None and d.forma in tabelas.PAGAMENTO_COM_CARTAO:
            cartao = _CARTAO_NAO_INTEGRADO
        if cartao is not None:
            _card(w, cartao)
        w.fechar()
    if calc.troco is not None:
        w.e("vTroco", valor(calc.troco))
    w.fechar()


def _card(w: Escritor, cartao: Cartao) -> None:
    w.abrir("card")
    w.e("tpIntegra", str(cartao.integracao))
    if cartao.cnpj_credenciadora:
        w.e("CNPJ", cartao.cnpj_credenciadora)
    if cartao.bandeira:
        w.e("tBand", cartao.bandeira)
    if cartao.autorizacao:
        w.e("cAut", texto(cartao.autorizacao, 128))
    w.fechar()


def _inf_adic(w: Escritor, nota, textos_legais=()) -> bool:
    fisco = texto(nota.informacoes_fisco, 2000)
    # Os textos exigidos por lei (Simples Nacional, Lei 12.741/2012) vêm depois e nunca são cortados: o corte
    # dos 5000 caracteres fica com as informações da nota.
    legais = texto(" ".join(textos_legais), 5000)
    livre = texto(nota.informacoes_complementares, max(0, 4999 - len(legais)) if legais else 5000)
    complementar = " ".join(t for t in (livre, legais) if t)
    if not (fisco or complementar):
        return False
    w.abrir("infAdic")
    if fisco:
        w.e("infAdFisco", fisco)
    if complementar:
        w.e("infCpl", complementar)
    w.fechar()
    return True


def _resp_tec(w: Escritor, resp, chave: str) -> None:
    w.abrir("infRespTec")
    w.e("CNPJ", resp.cnpj)
    w.e("xContato", texto(resp.contato, 60))
    w.e("email", texto(resp.email, 60))
    w.e("fone", digitos(resp.fone))
    if resp.id_csrt and resp.csrt:
        w.e("idCSRT", resp.id_csrt)
        resumo = hashlib.sha1((resp.csrt + chave).encode(), usedforsecurity=False).digest()
        w.e("hashCSRT", base64.b64encode(resumo).decode())
    w.fechar()
