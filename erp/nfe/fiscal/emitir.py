"""Ponto de entrada: dados da nota → XML montado, validado no XSD e assinado.

    pendencias = validar_dados(nota)                # antes de tudo: o que falta no cadastro
    nfe = montar_nfe(nota)                          # lxml, ainda sem assinatura
    xml, chave = gerar_assinada(nota, certificado)  # monta + valida (XSD) + assina
    resultados = gerar_lote(notas, certificado)     # o mesmo para várias notas, mais rápido

Nada é assinado antes de passar no XSD.
"""
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from erp.nfe.fiscal.assinatura import Assinador, AssinaturaPreparada
from erp.nfe.fiscal.certificado import CertificadoA1
from erp.nfe.fiscal.chave import gerar_codigo_numerico, montar_chave
from erp.nfe.fiscal.documento import DocumentoNFe
from erp.nfe.fiscal.erros import DadosIncompletos, ErroFiscal
from erp.nfe.fiscal.motor import calcular_nota
from erp.nfe.fiscal.resultado import NotaCalculada
from erp.nfe.fiscal.tabelas import CODIGOS_UF, TABELA_ICMS_PADRAO, TabelaIcms
from erp.nfe.fiscal.validacao import validar_dados
from erp.nfe.fiscal.xml import construir_inf_nfe, envelopar
from erp.nfe.fiscal.xsd import validar

TAMANHO_BLOCO = 100


@dataclass(frozen=True)
class NFeGerada:
    xml: bytes  # NFe assinado, UTF-8, sem declaração XML: guarde e envie exatamente estes bytes
    chave: str
    calculo: NotaCalculada  # tributos e totais, para gravar junto da nota


@dataclass(frozen=True)
class ResultadoEmissao:
    """Uma nota do lote: `gerada` quando deu certo, senão `erro` (nada assinado)."""

    nota: DocumentoNFe
    gerada: NFeGerada | None = None
    erro: ErroFiscal | None = None


def calcular(nota: DocumentoNFe, tabela: TabelaIcms = TABELA_ICMS_PADRAO) -> NotaCalculada:
    """Tributos e totais; DadosIncompletos se validar_dados encontrar pendências."""
    pendencias = validar_dados(nota, tabela)
    if pendencias:
        raise DadosIncompletos(pendencias)
    return calcular_nota(nota, tabela)


def chave_da_nota(nota: DocumentoNFe) -> str:
    """A chave de acesso; sem codigo_numerico na nota, sorteia um cNF (guarde a chave devolvida)."""
    codigo = nota.codigo_numerico or gerar_codigo_numerico(nota.numero)
    return montar_chave(CODIGOS_UF[nota.emitente.endereco.uf], nota.data_emissao, nota.emitente.cnpj,
                        nota.serie, nota.numero, nota.tipo_emissao, codigo)


def montar_nfe(nota: DocumentoNFe, tabela: TabelaIcms = TABELA_ICMS_PADRAO) -> etree._Element:
    """O elemento NFe completo, sem a assinatura (que o XSD exige: use gerar_assinada para enviar)."""
    return envelopar(construir_inf_nfe(calcular(nota, tabela), chave_da_nota(nota)))


def gerar_lote(notas, certificado: CertificadoA1 | Assinador, tabela: TabelaIcms = TABELA_ICMS_PADRAO,
               agora: datetime | None = None) -> list[ResultadoEmissao]:
    """Monta, valida e assina várias notas, na ordem recebida; o erro de uma não afeta as outras.

    Trabalha em blocos: monta o bloco inteiro, valida todas no XSD e só então assina as válidas. Cada
    etapa roda seguida para todas as notas do bloco, o que aproveita melhor o cache do processador.
    Certificado vencido levanta CertificadoVencido antes de qualquer nota.
    """
    assinador = certificado if isinstance(certificado, Assinador) else Assinador(certificado)
    assinador.certificado.verificar_validade(agora)
    resultados: list[ResultadoEmissao] = []
    for inicio in range(0, len(notas), TAMANHO_BLOCO):
        resultados.extend(_bloco(notas[inicio:inicio + TAMANHO_BLOCO], assinador, tabela))
    return resultados


@dataclass
class _EmMontagem:
    nota: DocumentoNFe
    calculo: NotaCalculada | None = None
    chave: str = ""
    nfe: etree._Element | None = None
    assinatura: AssinaturaPreparada | None = None
    erro: ErroFiscal | None = None


def _bloco(notas, assinador: Assinador, tabela: TabelaIcms) -> list[ResultadoEmissao]:
    etapa = [_EmMontagem(nota) for nota in notas]
    for m in etapa:
        try:
            assinador.certificado.verificar_cnpj(m.nota.emitente.cnpj)
            m.calculo = calcular(m.nota, tabela)
            m.chave = chave_da_nota(m.nota)
            inf = construir_inf_nfe(m.calculo, m.chave)
            m.assinatura = assinador.preparar(inf)  # digest do infNFe enquanto ele ainda é raiz
            m.nfe = envelopar(inf)
            m.nfe.append(m.assinatura.elemento)
        except ErroFiscal as erro:
            m.erro = erro
    for m in etapa:
        if m.erro is None:
            try:
                validar(m.nfe)
            except ErroFiscal as erro:
                m.erro = erro
    for m in etapa:
        if m.erro is None:
            assinador.concluir(m.assinatura)
    return [
        ResultadoEmissao(m.nota, erro=m.erro) if m.erro is not None else ResultadoEmissao(
            m.nota, NFeGerada(etree.tostring(m.nfe, encoding="UTF-8", xml_declaration=False), m.chave, m.calculo))
        for m in etapa
    ]


def gerar_nfe(nota: DocumentoNFe, certificado: CertificadoA1 | Assinador,
              tabela: TabelaIcms = TABELA_ICMS_PADRAO, agora: datetime | None = None) -> NFeGerada:
    """Monta, valida no XSD e só então assina. Erros: DadosIncompletos, SchemaInvalido,
    CertificadoVencido, CnpjCertificadoDivergente."""
    [resultado] = gerar_lote([nota], certificado, tabela, agora)
    if resultado.erro is not None:
        raise resultado.erro
    return resultado.gerada


def gerar_assinada(nota: DocumentoNFe, certificado: CertificadoA1 | Assinador,
                   tabela: TabelaIcms = TABELA_ICMS_PADRAO, agora: datetime | None = None) -> tuple[bytes, str]:
    """(xml assinado, chave de acesso)."""
    gerada = gerar_nfe(nota, certificado, tabela, agora)
    return gerada.xml, gerada.chave
