"""Configuração da comunicação com a SEFAZ, lida do app (e do ambiente, como reserva).

SEFAZ_URL: quando definida (ex.: http://127.0.0.1:5056, o simulador), substitui esquema e host das
URLs oficiais; sem ela, valem os endereços oficiais da tabela (urls.py) com mTLS.
SEFAZ_TEMPO_RESPOSTA / SEFAZ_TEMPO_CONEXAO (segundos), SEFAZ_VERIFICAR_TLS (True, False ou o caminho
do pacote de ACs), SEFAZ_INTERVALO_RECIBO e SEFAZ_CONSULTAS_RECIBO (espera entre consultas do recibo e
quantas fazer antes de deixar o lote em processamento).
"""
from flask import current_app, has_app_context

from erp.config import Config

from erp.nfe.fiscal.certificado import CertificadoA1
from erp.nfe.sefaz import tls
from erp.nfe.sefaz.cliente import ClienteSefaz, ConfiguracaoSefaz

PADROES = {
    "SEFAZ_URL": None,
    "SEFAZ_TEMPO_CONEXAO": 10.0,
    "SEFAZ_TEMPO_RESPOSTA": 30.0,
    "SEFAZ_VERIFICAR_TLS": True,
    "SEFAZ_INTERVALO_RECIBO": 2.0,
    "SEFAZ_CONSULTAS_RECIBO": 10,
}


def valor(nome: str):
    """O ajuste da aplicação (declarado em erp.config.Config); fora de uma aplicação, o padrão de Config."""
    if has_app_context():
        return current_app.config.get(nome, PADROES[nome])
    return getattr(Config, nome, PADROES[nome])


def _verificar() -> bool | str:
    """False (sem verificação), o caminho dado em SEFAZ_VERIFICAR_TLS, ou o pacote das raízes públicas com a
    cadeia ICP-Brasil (tls.pacote_de_acs), gravado na pasta da instalação."""
    bruto = valor("SEFAZ_VERIFICAR_TLS")
    if isinstance(bruto, str) and bruto.lower() in ("0", "false", "nao", "não"):
        return False
    if bruto is True or (isinstance(bruto, str) and bruto.lower() in ("1", "true", "sim")):
        pasta = current_app.config.get("ERP_INSTANCIA") if has_app_context() else None
        return tls.pacote_de_acs(pasta)
    return bruto


def configuracao() -> ConfiguracaoSefaz:
    return ConfiguracaoSefaz(base=valor("SEFAZ_URL") or None,
                             tempo_conexao=float(valor("SEFAZ_TEMPO_CONEXAO")),
                             tempo_resposta=float(valor("SEFAZ_TEMPO_RESPOSTA")),
                             verificar_tls=_verificar())


def intervalo_recibo() -> float:
    return float(valor("SEFAZ_INTERVALO_RECIBO"))


def consultas_recibo() -> int:
    return int(valor("SEFAZ_CONSULTAS_RECIBO"))


def cliente(uf: str, ambiente: str, certificado: CertificadoA1 | None, contingencia: bool = False,
            vigia=None) -> ClienteSefaz:
    """Cliente para a empresa (UF e ambiente "homologacao"/"producao" como no cadastro); na SVC com contingencia."""
    return ClienteSefaz(uf, ambiente == "producao", certificado, configuracao(), contingencia=contingencia,
                        vigia=vigia)
