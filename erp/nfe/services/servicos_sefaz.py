"""A saúde dos serviços da SEFAZ que a empresa usa: status, falhas seguidas e esperas (656 e recuo).

O `VigiaSefaz` acompanha cada chamada do cliente (erp/nfe/sefaz/cliente.py):
- antes: um serviço em espera não é chamado (ServicoBloqueado, nada enviado);
- 656 (consumo indevido): o serviço fica sem chamadas deste CNPJ por uma hora (docs/sefaz.md);
- 999 ou HTTP 5xx: recuo — espera de 1, 2, 4... até 30 minutos, zerada na primeira resposta boa;
- 108/109, tempo esgotado e conexão recusada contam como falha do autorizador; com a regra automática ligada,
  108/109 ou FALHAS_PARA_CONTINGENCIA falhas seguidas abrem a contingência SVC.
Nenhuma função aqui faz commit: quem chamou a SEFAZ grava junto com o resto.
"""
from datetime import timedelta

from erp.comum.banco import inserir_se_novo
from erp.comum.formatos import data_hora
from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.models import BloqueioSefaz, ServicoSefaz
from erp.nfe.sefaz import autorizadores
from erp.nfe.sefaz.cliente import ClienteSefaz
from erp.nfe.sefaz.cstat import descrever, espera, servico_parado
from erp.nfe.sefaz.erros import ErroSefaz, RespostaInvalida, SefazIndisponivel, ServicoBloqueado
from erp.nfe.sefaz.retornos import cstat_do_retorno
from erp.nfe.services import contingencia
from erp.nfe.services import empresa as empresas

FALHAS_PARA_CONTINGENCIA = 3
CONSUMO_INDEVIDO = timedelta(hours=1)
RECUO_INICIAL = timedelta(minutes=1)
RECUO_MAXIMO = timedelta(minutes=30)
NOMES_SERVICOS = {"NFeAutorizacao4": "autorização", "NFeRetAutorizacao4": "consulta do recibo",
                  "NFeConsultaProtocolo4": "consulta da NF-e", "NFeStatusServico4": "status do serviço",
                  "NFeInutilizacao4": "inutilização", "NFeRecepcaoEvento4": "eventos"}


def registro_do_servico(ambiente: str, autorizador: str, contingencia_: bool = False) -> ServicoSefaz:
    """A linha do autorizador (criada uma vez só, pela restrição única, mesmo com dois processos ao mesmo tempo)."""
    registro = db.session.query(ServicoSefaz).filter_by(ambiente=ambiente, autorizador=autorizador).one_or_none()
    if registro is None:
        inserir_se_novo(ServicoSefaz, {"ambiente": ambiente, "autorizador": autorizador,
                                       "contingencia": contingencia_, "falhas_seguidas": 0},
                        ["ambiente", "autorizador"])
        registro = db.session.query(ServicoSefaz).filter_by(ambiente=ambiente, autorizador=autorizador).one()
    return registro


def bloqueio_ativo(ambiente: str, cnpj: str, autorizador: str, servico: str) -> BloqueioSefaz | None:
    registro = (db.session.query(BloqueioSefaz)
                .filter_by(ambiente=ambiente, cnpj=cnpj, autorizador=autorizador, servico=servico).one_or_none())
    return registro if registro is not None and registro.ate > agora() else None


def bloqueios_ativos(ambiente: str | None = None) -> list[BloqueioSefaz]:
    consulta = db.session.query(BloqueioSefaz).filter(BloqueioSefaz.ate > agora())
    if ambiente:
        consulta = consulta.filter_by(ambiente=ambiente)
    return consulta.order_by(BloqueioSefaz.ate).all()


def _bloquear(ambiente: str, cnpj: str, autorizador: str, servico: str, tipo: str, cstat: int | None,
              motivo: str) -> BloqueioSefaz:
    chave = {"ambiente": ambiente, "cnpj": cnpj, "autorizador": autorizador, "servico": servico}
    registro = db.session.query(BloqueioSefaz).filter_by(**chave).one_or_none()
    if registro is None:
        inserir_se_novo(BloqueioSefaz, {**chave, "tipo": tipo, "tentativas": 0, "ate": agora(),
                                        "criado_em": agora()}, list(chave))
        registro = db.session.query(BloqueioSefaz).filter_by(**chave).one()
    seguidas = registro.tentativas + 1 if registro.tipo == tipo else 1
    if tipo == "consumo_indevido":
        duracao = CONSUMO_INDEVIDO
    else:
        duracao = min(RECUO_MAXIMO, RECUO_INICIAL * (2 ** (seguidas - 1)))
    registro.tipo, registro.tentativas, registro.cstat, registro.motivo = tipo, seguidas, cstat, motivo
    registro.ate = agora().replace(microsecond=0) + duracao
    return registro


def _liberar_recuo(ambiente: str, cnpj: str, autorizador: str, servico: str) -> None:
    (db.session.query(BloqueioSefaz)
     .filter_by(ambiente=ambiente, cnpj=cnpj, autorizador=autorizador, servico=servico, tipo="recuo")
     .delete(synchronize_session="fetch"))


class VigiaSefaz:
    """Liga as chamadas de um cliente à empresa (CNPJ e ambiente)."""

    def __init__(self, cnpj: str, ambiente: str):
        self.cnpj, self.ambiente = cnpj, ambiente

    def antes(self, cliente: ClienteSefaz, servico: str) -> None:
        bloqueio = bloqueio_ativo(self.ambiente, self.cnpj, cliente.autorizador, servico)
        if bloqueio is not None:
            raise ServicoBloqueado(
                f"A {NOMES_SERVICOS.get(servico, servico)} na SEFAZ ({cliente.autorizador}) está em espera até "
                f"{data_hora(bloqueio.ate)} por {_nome_espera(bloqueio.tipo)}; nada foi enviado.")

    def depois(self, cliente: ClienteSefaz, servico: str, retorno, erro: ErroSefaz | None) -> None:
        registro = registro_do_servico(self.ambiente, cliente.autorizador, cliente.contingencia)
        if erro is not None:
            if isinstance(erro, RespostaInvalida) and (erro.status or 0) >= 500:
                _bloquear(self.ambiente, self.cnpj, cliente.autorizador, servico, "recuo", None, str(erro))
            if isinstance(erro, SefazIndisponivel) and not isinstance(erro, ServicoBloqueado):
                self._falhou(cliente, registro, str(erro), parado=False)
            return
        cstat = cstat_do_retorno(retorno)
        tipo = espera(cstat) if cstat is not None else ""
        if tipo:
            _bloquear(self.ambiente, self.cnpj, cliente.autorizador, servico, tipo, cstat,
                      descrever(cstat, retorno.findtext("{http://www.portalfiscal.inf.br/nfe}xMotivo") or ""))
        else:
            _liberar_recuo(self.ambiente, self.cnpj, cliente.autorizador, servico)
        if cstat is not None and servico_parado(cstat):
            self._falhou(cliente, registro, f"SEFAZ {cstat}", parado=True)
        elif not tipo:
            registro.falhas_seguidas, registro.ultima_falha = 0, None

    def _falhou(self, cliente: ClienteSefaz, registro: ServicoSefaz, texto: str, parado: bool) -> None:
        registro.falhas_seguidas = (registro.falhas_seguidas or 0) + 1
        registro.ultima_falha = texto
        if cliente.contingencia:
            return
        if parado or registro.falhas_seguidas >= FALHAS_PARA_CONTINGENCIA:
            motivo = (f"SEFAZ {cliente.autorizador} paralisada ({texto})" if parado else
                      f"SEFAZ {cliente.autorizador} sem resposta em {registro.falhas_seguidas} tentativas seguidas")
            contingencia.abrir_automaticamente(motivo)


def _nome_espera(tipo: str) -> str:
    return "consumo indevido (656)" if tipo == "consumo_indevido" else "erro da SEFAZ (recuo)"


def vigia(empresa) -> VigiaSefaz:
    return VigiaSefaz(empresa.cnpj, empresa.ambiente)


def como_dict(registro: ServicoSefaz) -> dict:
    return {"autorizador": registro.autorizador, "contingencia": registro.contingencia, "cstat": registro.cstat,
            "motivo": registro.motivo, "observacao": registro.observacao, "url": registro.url,
            "em_operacao": registro.em_operacao, "falhas_seguidas": registro.falhas_seguidas,
            "verificado_em": registro.verificado_em.isoformat() + "Z" if registro.verificado_em else None}


def painel() -> dict:
    """O bloco SEFAZ da tela Notas: contingência, última verificação de cada autorizador e esperas em vigor."""
    empresa = empresas.obter()
    if empresa is None or not empresa.uf:
        return {"empresa": False}
    nomes = [autorizadores.autorizador_da_uf(empresa.uf), autorizadores.contingencia_da_uf(empresa.uf)]
    registros = {r.autorizador: r for r in db.session.query(ServicoSefaz)
                 .filter(ServicoSefaz.ambiente == empresa.ambiente, ServicoSefaz.autorizador.in_(nomes))}
    return {"empresa": True, "contingencia": contingencia.aberta(empresa.ambiente),
            "automatica": empresa.contingencia_automatica, "svc": nomes[1], "autorizador": nomes[0],
            "servicos": [(nome, registros.get(nome)) for nome in nomes],
            "bloqueios": bloqueios_ativos(empresa.ambiente), "nomes_servicos": NOMES_SERVICOS}
