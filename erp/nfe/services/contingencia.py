"""Contingência SVC: entrar, sair e refazer as NF-e ainda não autorizadas para o modo em vigor.

Quando a SEFAZ autorizadora da UF para (cStat 108/109, falhas seguidas de conexão, ou o status diz), o operador —
ou a regra automática que o administrador liga — abre a contingência: as NF-e passam a sair com tpEmis 6 (SVC-AN)
ou 7 (SVC-RS), com `dhCont` (o início) e `xJust` (15 a 256 caracteres), e vão à SVC da UF. A nota assinada que
ainda não foi à SEFAZ é refeita no modo em vigor: mesmo número, nova chave (o tpEmis entra na chave), assinada de
novo. A nota em processamento não é refeita: ela pode já estar autorizada; a consulta decide (docs/sefaz.md).
"""
from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy.exc import IntegrityError

from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.fiscal import emitir
from erp.nfe.fiscal.erros import ErroFiscal
from erp.nfe.models import ContingenciaNFe, NotaFiscal
from erp.nfe.sefaz import autorizadores
from erp.nfe.services import aliquotas, certificado, conversao, estados
from erp.nfe.services import empresa as empresas
from erp.nfe.services.conversao import FUSO
from erp.nfe.services.erros import EmissaoImpossivel

MINIMO_JUSTIFICATIVA, MAXIMO_JUSTIFICATIVA = 15, 256
EMISSAO_NORMAL = 1
EMISSOES_SVC = (6, 7)
CANCELAMENTO = "110111"


class ContingenciaRecusada(Exception):
    """O pedido não pode ser atendido (sem empresa, justificativa curta, já em contingência...)."""


def _empresa():
    empresa = empresas.obter()
    if empresa is None:
        raise ContingenciaRecusada("Cadastre a empresa emitente em NF-e → Empresa antes.")
    return empresa


def aberta(ambiente: str | None = None) -> ContingenciaNFe | None:
    """A contingência em vigor no ambiente (o da empresa, se não for dado), ou None."""
    if ambiente is None:
        empresa = empresas.obter()
        if empresa is None:
            return None
        ambiente = empresa.ambiente
    return db.session.query(ContingenciaNFe).filter_by(ambiente=ambiente, fim=None).one_or_none()


def tp_emis_da_nota(nota: NotaFiscal) -> int:
    """O tpEmis gravado na chave (posição 35)."""
    return int(nota.chave[34]) if nota.chave and len(nota.chave) == 44 else EMISSAO_NORMAL


def na_svc(nota: NotaFiscal) -> bool:
    return tp_emis_da_nota(nota) in EMISSOES_SVC


def usar_svc(nota: NotaFiscal, servico: str, evento: str | None = None) -> bool:
    """Para onde vai a chamada desta nota.

    Autorização e recibo: a SVC para as notas feitas para ela (tpEmis 6/7). Consulta e cancelamento de nota da
    SVC: na SVC enquanto a contingência está aberta (ela só atende as notas que ela autorizou); depois, na SEFAZ de
    origem, que recebe as notas da SVC. A nota da SVC em processamento (sem resposta) é sempre conferida na SVC: a origem
    pode ainda não ter recebido a nota, e um "não consta" dela faria a nota ir de novo, com outra chave.
    Carta de correção e inutilização: nunca na SVC (NT 2013.007; docs/sefaz.md).
    """
    if servico in ("NFeAutorizacao4", "NFeRetAutorizacao4"):
        return na_svc(nota)
    if servico == "NFeConsultaProtocolo4" and nota.situacao == "em_processamento":
        return na_svc(nota)
    if servico == "NFeInutilizacao4" or (servico == "NFeRecepcaoEvento4" and evento != CANCELAMENTO):
        return False
    return na_svc(nota) and aberta(nota.ambiente) is not None


def _justificativa(texto: str) -> str:
    limpo = " ".join((texto or "").split())
    if len(limpo) < MINIMO_JUSTIFICATIVA:
        raise ContingenciaRecusada(f"A justificativa precisa ter pelo menos {MINIMO_JUSTIFICATIVA} caracteres "
                                   f"(tem {len(limpo)}).")
    return limpo[:MAXIMO_JUSTIFICATIVA]


def entrar(justificativa: str, automatica: bool = False, momento: datetime | None = None) -> ContingenciaNFe:
    """Abre a contingência na SVC da UF da empresa e refaz as notas assinadas (com commit)."""
    empresa = _empresa()
    texto = _justificativa(justificativa)
    if aberta(empresa.ambiente) is not None:
        raise ContingenciaRecusada("A emissão já está em contingência.")
    svc = autorizadores.contingencia_da_uf(empresa.uf)
    registro = ContingenciaNFe(ambiente=empresa.ambiente, uf=empresa.uf, svc=svc,
                               tp_emis=autorizadores.tp_emis_contingencia(empresa.uf), justificativa=texto,
                               inicio=(momento or agora()).replace(microsecond=0), automatica=automatica)
    db.session.add(registro)
    try:
        db.session.commit()
    except IntegrityError:  # outro processo abriu no mesmo instante (índice único da contingência aberta)
        db.session.rollback()
        raise ContingenciaRecusada("A emissão já está em contingência.") from None
    _refazer_se_possivel()
    return registro


def abrir_automaticamente(motivo: str) -> ContingenciaNFe | None:
    """A regra automática (se o administrador a ligou): abre a contingência sem commit de quem chamou."""
    empresa = empresas.obter()
    if empresa is None or not empresa.contingencia_automatica or aberta(empresa.ambiente) is not None:
        return None
    texto = f"Entrada automatica: {motivo}"
    registro = ContingenciaNFe(ambiente=empresa.ambiente, uf=empresa.uf,
                               svc=autorizadores.contingencia_da_uf(empresa.uf),
                               tp_emis=autorizadores.tp_emis_contingencia(empresa.uf),
                               justificativa=_justificativa(texto.ljust(MINIMO_JUSTIFICATIVA, "."))[:256],
                               inicio=agora().replace(microsecond=0), automatica=True)
    db.session.add(registro)
    db.session.flush()
    return registro


def sair(motivo: str = "") -> ContingenciaNFe:
    """Fecha a contingência e refaz as notas assinadas para a SEFAZ autorizadora (com commit)."""
    empresa = _empresa()
    registro = aberta(empresa.ambiente)
    if registro is None:
        raise ContingenciaRecusada("A emissão não está em contingência.")
    registro.fim = agora().replace(microsecond=0)
    registro.motivo_fim = motivo.strip() or "Volta à SEFAZ autorizadora."
    db.session.commit()
    _refazer_se_possivel()
    return registro


def _refazer_se_possivel() -> None:
    """Sem certificado utilizável as notas ficam como estão; a transmissão as refaz (ou diz o que falta)."""
    try:
        refazer_assinadas()
    except EmissaoImpossivel:
        db.session.rollback()


def _com_fuso(momento: datetime) -> datetime:
    return momento.replace(tzinfo=timezone.utc).astimezone(FUSO)


def campos_do_modo(registro: ContingenciaNFe | None) -> dict:
    """tpEmis, dhCont e xJust do documento fiscal no modo em vigor (normal sem dhCont/xJust)."""
    if registro is None:
        return {"tipo_emissao": EMISSAO_NORMAL, "data_contingencia": None, "justificativa_contingencia": ""}
    return {"tipo_emissao": registro.tp_emis, "data_contingencia": _com_fuso(registro.inicio),
            "justificativa_contingencia": registro.justificativa}


def refazer(nota: NotaFiscal, registro: ContingenciaNFe | None, empresa, assinador, tabela) -> str | None:
    """Refaz a nota assinada no modo em vigor (sem commit). Devolve o motivo se não deu para refazer."""
    try:
        conv = conversao.converter(nota.venda, empresa)
    except conversao.CadastroIncompleto as erro:
        return "; ".join(p.texto for p in erro.pendencias)
    documento = replace(conv.documento, numero=nota.numero, serie=nota.serie, **campos_do_modo(registro),
                        codigo_numerico=nota.chave[35:43] if nota.chave else "")
    try:
        gerada = emitir.gerar_nfe(documento, assinador, tabela)
    except ErroFiscal as erro:
        return str(erro)
    anterior = nota.chave
    nota.chave, nota.xml = gerada.chave, gerada.xml
    nota.valor_total = gerada.calculo.totais.nota
    nota.emitida_em = agora()
    destino = f"a contingência {registro.svc} (tpEmis {registro.tp_emis})" if registro else "a SEFAZ autorizadora"
    estados.registrar_evento(nota, "xml_assinado", f"NF-e refeita para {destino}: nova chave {nota.chave} "
                             f"(a anterior era {anterior}).", gerada.xml)
    return None


def fora_do_modo(nota: NotaFiscal, registro: ContingenciaNFe | None) -> bool:
    """A nota assinada foi feita para outro modo (normal x SVC) e precisa ser refeita antes de ir."""
    esperado = registro.tp_emis if registro else EMISSAO_NORMAL
    return nota.situacao == "assinada" and tp_emis_da_nota(nota) != esperado


def refazer_assinadas(ids: list[int] | None = None) -> list[NotaFiscal]:
    """Refaz (com commit) as notas assinadas fora do modo em vigor; devolve as refeitas."""
    consulta = db.session.query(NotaFiscal).filter(NotaFiscal.situacao == "assinada")
    if ids is not None:
        consulta = consulta.filter(NotaFiscal.id.in_(ids))
    empresa = empresas.obter()
    registro = aberta(empresa.ambiente) if empresa else None
    notas = [n for n in consulta.order_by(NotaFiscal.id) if fora_do_modo(n, registro)]
    if not notas:
        return []
    assinador, tabela = certificado.carregar_da_empresa(empresa), aliquotas.tabela_icms()
    refeitas = []
    for nota in notas:
        motivo = refazer(nota, registro, empresa, assinador, tabela)
        if motivo is None:
            refeitas.append(nota)
        else:
            nota.motivo = f"Não foi possível refazer a NF-e para o modo de emissão em vigor: {motivo}"
        db.session.commit()
    return refeitas


def situacao() -> dict:
    """O que a tela e `nfe contingencia situacao --json` mostram."""
    empresa = empresas.obter()
    registro = aberta(empresa.ambiente) if empresa else None
    dados = {"ativa": registro is not None, "automatica_ligada": bool(empresa and empresa.contingencia_automatica),
             "uf": empresa.uf if empresa else None,
             "autorizador": autorizadores.autorizador_da_uf(empresa.uf) if empresa and empresa.uf else None,
             "svc": autorizadores.contingencia_da_uf(empresa.uf) if empresa and empresa.uf else None}
    if registro is not None:
        dados.update(svc=registro.svc, tp_emis=registro.tp_emis, desde=registro.inicio.isoformat() + "Z",
                     justificativa=registro.justificativa, automatica=registro.automatica)
    return dados


def ligar_automatica(ligada: bool) -> None:
    empresa = _empresa()
    empresa.contingencia_automatica = bool(ligada)
    db.session.commit()
