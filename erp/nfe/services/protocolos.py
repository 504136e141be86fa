"""O que cada resposta da SEFAZ faz com a NF-e: autorizar, denegar ou rejeitar (com o motivo em pt-BR).

Usado pela transmissão, pela consulta e pelos eventos. Nenhuma função aqui faz commit.
"""
import logging

from lxml import etree

from erp.extensions import db
from erp.nfe import sinais
from erp.nfe.models import NotaFiscal, NumeroInutilizar
from erp.nfe.sefaz import configuracao, documentos
from erp.nfe.sefaz.cliente import ClienteSefaz
from erp.nfe.sefaz.cstat import consome_numero, descrever
from erp.nfe.sefaz.retornos import Protocolo
from erp.nfe.services import certificado, estados, servicos_sefaz
from erp.nfe.services import empresa as empresas
from erp.nfe.services.erros import EmissaoImpossivel
from erp.vendas import estados as estados_venda

log = logging.getLogger(__name__)


class SefazImpossivel(Exception):
    """Falta algo da empresa (cadastro ou certificado) para falar com a SEFAZ; mensagem para o usuário."""


def abrir_cliente(contingencia: bool = False):
    """(empresa, assinador, cliente SEFAZ) da empresa emitente; SefazImpossivel se faltar algo.

    Com contingencia=True o cliente fala com a SVC da UF. O vigia (servicos_sefaz) acompanha cada chamada.
    """
    empresa = empresas.obter()
    if empresa is None:
        raise SefazImpossivel("Cadastre a empresa emitente em NF-e → Empresa antes de falar com a SEFAZ.")
    try:
        assinador = certificado.carregar_da_empresa(empresa)
    except EmissaoImpossivel as erro:
        raise SefazImpossivel(str(erro)) from erro
    return empresa, assinador, configuracao.cliente(empresa.uf, empresa.ambiente, assinador.certificado,
                                                    contingencia, servicos_sefaz.vigia(empresa))


def cliente_sem_certificado(contingencia: bool = False) -> ClienteSefaz:
    """Para serviços que não assinam (status): usa o A1 só se houver."""
    empresa = empresas.obter()
    if empresa is None:
        raise SefazImpossivel("Cadastre a empresa emitente em NF-e → Empresa antes de falar com a SEFAZ.")
    try:
        return abrir_cliente(contingencia)[2]
    except SefazImpossivel:
        return configuracao.cliente(empresa.uf, empresa.ambiente, None, contingencia, servicos_sefaz.vigia(empresa))


def autorizar(nota: NotaFiscal, protocolo: Protocolo) -> None:
    """Guarda o nfeProc, marca autorizada, fatura a venda e avisa quem escuta (mesma transação)."""
    proc = documentos.nfe_proc(nota.xml, protocolo.xml)
    erros = documentos.erros_nfe_proc(proc)
    if erros:
        log.warning("nfeProc da NF-e %s fora do XSD: %s", nota.chave, erros[:3])
    nota.xml_proc = proc
    nota.protocolo = protocolo.protocolo
    nota.motivo = None
    estados.transicionar(nota, "autorizada", tipo="autorizacao", xml=protocolo.xml,
                         mensagem=f"Autorizada pela SEFAZ: protocolo {protocolo.protocolo} "
                                  f"({protocolo.cstat} {protocolo.motivo}).")
    venda = nota.venda
    if venda is not None and estados_venda.pode_mudar(venda, "faturado"):
        estados_venda.mudar_situacao(venda, "faturado")
    _avisar_autorizacao(nota)


def _avisar_autorizacao(nota: NotaFiscal) -> None:
    """Envia o sinal nota_autorizada na transação da autorização, num savepoint: o que os ouvintes gravam ou
    enfileiram sai com o commit; se um ouvinte falhar, desfaz-se o savepoint, nunca a autorização."""
    try:
        with db.session.begin_nested():
            sinais.nota_autorizada.send(nota)
    except Exception:  # noqa: BLE001 — a autorização na SEFAZ vale mesmo se um ouvinte falhar
        log.exception("Falha num ouvinte da autorização da NF-e %s", nota.chave)


def denegar(nota: NotaFiscal, protocolo: Protocolo) -> None:
    texto = descrever(protocolo.cstat, protocolo.motivo)
    nota.xml_proc = documentos.nfe_proc(nota.xml, protocolo.xml)  # a nota denegada também se guarda
    nota.protocolo = protocolo.protocolo or None
    nota.motivo = texto
    estados.transicionar(nota, "denegada", mensagem=texto, xml=protocolo.xml, tipo="denegacao")


def rejeitar(nota: NotaFiscal, cstat: int, motivo: str, xml: bytes | None = None) -> str:
    """Marca rejeitada com o motivo explicado; o número não usado vai para a inutilização."""
    texto = descrever(cstat, motivo)
    nota.motivo = texto
    estados.transicionar(nota, "rejeitada", mensagem=texto, xml=xml, tipo="rejeicao")
    if not consome_numero(cstat):
        pendente = (db.session.query(NumeroInutilizar)
                    .filter_by(ambiente=nota.ambiente, serie=nota.serie, numero=nota.numero).one_or_none())
        if pendente is None:
            db.session.add(NumeroInutilizar(ambiente=nota.ambiente, serie=nota.serie, numero=nota.numero,
                                            nota=nota, motivo=f"NF-e rejeitada pela SEFAZ ({cstat})."))
    return texto


def devolver(nota: NotaFiscal, motivo: str) -> None:
    """A SEFAZ não processou a nota: volta a assinada, pronta para outro envio (o mesmo XML)."""
    nota.motivo = motivo
    estados.transicionar(nota, "assinada", mensagem=motivo, tipo="nao_processada")


def aplicar(nota: NotaFiscal, protocolo: Protocolo) -> tuple[str, str]:
    """Aplica o protNFe; devolve (resultado, texto para o usuário): autorizada, denegada ou rejeitada."""
    if protocolo.autorizada:
        autorizar(nota, protocolo)
        return "autorizada", f"{protocolo.motivo} (protocolo {protocolo.protocolo})."
    if protocolo.denegada:
        denegar(nota, protocolo)
        return "denegada", nota.motivo
    return "rejeitada", rejeitar(nota, protocolo.cstat, protocolo.motivo, protocolo.xml)


def protocolo_da_nota(nota: NotaFiscal) -> Protocolo | None:
    """O protNFe guardado no nfeProc (para a data da autorização e o nProt)."""
    if not nota.xml_proc:
        return None
    prot = etree.fromstring(nota.xml_proc).find("{http://www.portalfiscal.inf.br/nfe}protNFe")
    return Protocolo.de(prot) if prot is not None else None
