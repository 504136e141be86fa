"""Núcleo fiscal da NF-e 4.00: funções puras sobre dados simples (sem Flask e sem banco).

documento (entrada) → validacao.validar_dados → motor.calcular_nota (tributos, totais) →
xml.construir_inf_nfe → xsd.validar → assinatura.Assinador. emitir.py junta tudo.
"""
from erp.nfe.fiscal.assinatura import Assinador, c14n
from erp.nfe.fiscal.certificado import (
    CertificadoA1, InfoCertificado, carregar_certificado, cnpj_do_certificado,
)
from erp.nfe.fiscal.chave import (
    chave_valida, codigo_numerico_valido, decompor_chave, digito_verificador, gerar_codigo_numerico,
    montar_chave,
)
from erp.nfe.fiscal.documento import (
    Cartao, Destinatario, Emitente, Endereco, Intermediador, Item, DocumentoNFe, LocalEntrega, Pagamento,
    ResponsavelTecnico, Transportadora, Frete, Tributacao, Volume,
)
from erp.nfe.fiscal.emitir import (
    NFeGerada, ResultadoEmissao, calcular, chave_da_nota, gerar_assinada, gerar_lote, gerar_nfe, montar_nfe,
)
from erp.nfe.fiscal.erros import (
    AssinaturaInvalida, CertificadoInvalido, CertificadoVencido, CnpjCertificadoDivergente,
    DadosIncompletos, ErroFiscal, Pendencia, SchemaInvalido, SenhaCertificadoInvalida,
)
from erp.nfe.fiscal.motor import calcular_nota
from erp.nfe.fiscal.rateio import ratear
from erp.nfe.fiscal.tabelas import (
    TABELA_ICMS_PADRAO, AliquotaInterna, TabelaIcms, tabela_de_dict, tabela_para_dict,
)
from erp.nfe.fiscal.validacao import validar_dados
from erp.nfe.fiscal.xsd import erros_schema, validar

__all__ = [
    "AliquotaInterna", "Assinador", "AssinaturaInvalida", "Cartao", "CertificadoA1", "CertificadoInvalido",
    "CertificadoVencido", "CnpjCertificadoDivergente", "DadosIncompletos", "Destinatario", "Emitente",
    "Endereco", "ErroFiscal", "LocalEntrega", "InfoCertificado", "Intermediador", "Item", "NFeGerada", "DocumentoNFe",
    "Pagamento", "Pendencia", "ResponsavelTecnico", "ResultadoEmissao", "SchemaInvalido", "SenhaCertificadoInvalida",
    "TABELA_ICMS_PADRAO", "TabelaIcms", "Transportadora", "Frete", "Tributacao", "Volume",
    "c14n", "calcular", "calcular_nota", "carregar_certificado", "chave_da_nota",
    "chave_valida", "cnpj_do_certificado", "codigo_numerico_valido", "decompor_chave",
    "digito_verificador", "erros_schema", "gerar_assinada",
    "gerar_codigo_numerico", "gerar_lote", "gerar_nfe", "montar_chave", "montar_nfe", "ratear", "tabela_de_dict",
    "tabela_para_dict", "validar", "validar_dados",
]
