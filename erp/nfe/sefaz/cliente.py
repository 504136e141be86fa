"""O cliente dos web services da NF-e: um método por serviço, retornos já lidos.

    with ClienteSefaz("SP", producao=False, certificado=a1, configuracao=cfg) as sefaz:
        retorno = sefaz.autorizar(id_lote, [xml_assinado])

Em https (produção) a conexão usa o A1 como certificado de cliente (mTLS); o simulador fala http.
Com `contingencia=True` o cliente fala com a SVC da UF (SVC-AN ou SVC-RS, tabela em autorizadores.py). Um `vigia`
(opcional) é avisado antes de cada chamada (pode recusá-la levantando um ErroSefaz) e depois, com o retorno ou o erro.
"""
from dataclasses import dataclass
from typing import Protocol

import requests
from lxml import etree

from erp.nfe.fiscal.certificado import CertificadoA1
from erp.nfe.fiscal.tabelas import CODIGOS_UF
from erp.nfe.sefaz import autorizadores, mensagens, soap, urls
from erp.nfe.sefaz.erros import CertificadoIndisponivel, ErroSefaz
from erp.nfe.sefaz.retornos import (
    RetornoConsulta, RetornoEventos, RetornoInutilizacao, RetornoLote, RetornoStatus,
)
from erp.nfe.sefaz.tls import ParPem

MAXIMO_NFE_LOTE = 50
MAXIMO_EVENTOS_LOTE = 20


@dataclass(frozen=True)
class ConfiguracaoSefaz:
    base: str | None = None  # SEFAZ_URL: troca esquema e host das URLs oficiais (o simulador)
    tempo_conexao: float = 10.0
    tempo_resposta: float = 30.0
    verificar_tls: bool | str = True  # ou o caminho do pacote de ACs (cadeia ICP-Brasil)


class Vigia(Protocol):
    def antes(self, cliente: "ClienteSefaz", servico: str) -> None: ...

    def depois(self, cliente: "ClienteSefaz", servico: str, retorno: etree._Element | None,
               erro: ErroSefaz | None) -> None: ...


class ClienteSefaz:
    def __init__(self, uf: str, producao: bool, certificado: CertificadoA1 | None,
                 configuracao: ConfiguracaoSefaz | None = None, sessao: requests.Session | None = None,
                 contingencia: bool = False, vigia: Vigia | None = None):
        self.uf = uf.upper()
        self.contingencia = contingencia
        self.vigia = vigia
        self.cuf = CODIGOS_UF[self.uf]
        self.producao = producao
        self.ambiente = 1 if producao else 2
        self.certificado = certificado
        self.configuracao = configuracao or ConfiguracaoSefaz()
        self.sessao = sessao or requests.Session()
        self._pem: ParPem | None = None

    @property
    def autorizador(self) -> str:
        """Quem atende: "SP", "SVRS"... ou, em contingência, "SVC-AN"/"SVC-RS"."""
        if self.contingencia:
            return autorizadores.contingencia_da_uf(self.uf)
        return autorizadores.autorizador_da_uf(self.uf)

    def url(self, servico: str) -> str:
        return urls.url(servico, self.uf, self.producao, self.configuracao.base, self.contingencia)

    def _certificado_cliente(self, endereco: str) -> tuple[str, str] | None:
        if not urls.eh_https(endereco):
            return None
        if self.certificado is None:
            raise CertificadoIndisponivel("A conexão com a SEFAZ exige o certificado A1 da empresa.")
        if self._pem is None:
            self._pem = ParPem(self.certificado)
        return self._pem.tupla

    def chamar(self, servico: str, mensagem: etree._Element) -> etree._Element:
        endereco = self.url(servico)
        tempo = (self.configuracao.tempo_conexao, self.configuracao.tempo_resposta)
        if self.vigia is not None:
            self.vigia.antes(self, servico)
        try:
            retorno = soap.chamar(self.sessao, endereco, servico, mensagem, tempo,
                                  self._certificado_cliente(endereco), self.configuracao.verificar_tls)
        except ErroSefaz as erro:
            if self.vigia is not None:
                self.vigia.depois(self, servico, None, erro)
            raise
        if self.vigia is not None:
            self.vigia.depois(self, servico, retorno, None)
        return retorno

    def autorizar(self, id_lote: int, nfes: list[bytes], sincrono: bool | None = None) -> RetornoLote:
        """enviNFe; uma nota vai síncrona (indSinc=1, exigido pela NT 2025.001), várias assíncronas."""
        if not 1 <= len(nfes) <= MAXIMO_NFE_LOTE:
            raise ValueError(f"Um lote tem de 1 a {MAXIMO_NFE_LOTE} NF-e.")
        sincrono = len(nfes) == 1 if sincrono is None else sincrono
        retorno = self.chamar("NFeAutorizacao4", mensagens.envi_nfe(id_lote, nfes, sincrono))
        return RetornoLote.de(retorno)

    def consultar_recibo(self, recibo: str) -> RetornoLote:
        return RetornoLote.de(self.chamar("NFeRetAutorizacao4", mensagens.cons_reci(self.ambiente, recibo)))

    def consultar(self, chave: str) -> RetornoConsulta:
        return RetornoConsulta.de(self.chamar("NFeConsultaProtocolo4", mensagens.cons_sit(self.ambiente, chave)))

    def status(self) -> RetornoStatus:
        return RetornoStatus.de(self.chamar("NFeStatusServico4", mensagens.cons_stat(self.ambiente, self.cuf)))

    def inutilizar(self, inut_assinado: etree._Element) -> RetornoInutilizacao:
        return RetornoInutilizacao.de(self.chamar("NFeInutilizacao4", inut_assinado))

    def enviar_eventos(self, id_lote: int, eventos: list[etree._Element]) -> RetornoEventos:
        if not 1 <= len(eventos) <= MAXIMO_EVENTOS_LOTE:
            raise ValueError(f"Um lote tem de 1 a {MAXIMO_EVENTOS_LOTE} eventos.")
        return RetornoEventos.de(self.chamar("NFeRecepcaoEvento4", mensagens.env_evento(id_lote, eventos)))

    def fechar(self) -> None:
        if self._pem is not None:
            self._pem.fechar()
            self._pem = None
        self.sessao.close()

    def __enter__(self) -> "ClienteSefaz":
        return self

    def __exit__(self, *_) -> None:
        self.fechar()
