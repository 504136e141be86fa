"""O arquivo dos XML fiscais: cada nfeProc autorizado, cada procEventoNFe e cada procInutNFe, gravado assim que
existe (pasta ou S3, `armazem.py`), com o SHA-256 no banco (ArquivoXML).

Caminhos: `AAAA/MM/<chave>-procNFe.xml` pelo mês de emissão da nota; os eventos ao lado da nota
(`<chave>-<tpEvento>-<seq>-procEventoNFe.xml`); as inutilizações no mês do pedido. A competência (AAAA-MM, o mês
que a exportação ao contador usa) é a do próprio documento: emissão da nota, registro do evento, inutilização.
Gravar o mesmo documento de novo não duplica nada (o caminho é único). Nenhuma função aqui faz commit, exceto
`completar`, que trabalha em lote.
"""
import hashlib
import logging
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from erp.comum.banco import inserir_se_novo
from erp.comum.datas import em_brasilia
from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.models import (
    CANCELAMENTO, ArquivoXML, EventoNFe, InutilizacaoNFe, NotaFiscal,
)
from erp.nfe.services import empresa as empresas
from erp.nfe.services.armazem import ArmazemIndisponivel, do_app
from erp.tarefas import fila

log = logging.getLogger(__name__)
COM_NFE_PROC = ("autorizada", "cancelada")
PASTAS_ZIP = {"nfe": "NFe", "cancelamento": "Cancelamentos", "carta_correcao": "CartasCorrecao",
              "inutilizacao": "Inutilizacoes"}


@dataclass(frozen=True)
class Documento:
    """Um XML a arquivar: onde fica, de que mês é e a quem pertence."""

    tipo: str
    caminho: str
    competencia: str
    ambiente: str
    dados: bytes
    nota_id: int | None = None
    evento_id: int | None = None
    inutilizacao_id: int | None = None


def _mes(momento: datetime | None) -> datetime:
    """O momento (UTC sem fuso, como o banco guarda) no horário de Brasília."""
    return em_brasilia(momento or agora())


def _pasta(momento: datetime | None) -> tuple[str, str]:
    local = _mes(momento)
    return f"{local:%Y/%m}", f"{local:%Y-%m}"


def sha256(dados: bytes) -> str:
    return hashlib.sha256(dados).hexdigest()


def documento_da_nota(nota: NotaFiscal) -> Documento:
    pasta, competencia = _pasta(nota.emitida_em or nota.criado_em)
    return Documento("nfe", f"{pasta}/{nota.chave}-procNFe.xml", competencia, nota.ambiente, nota.xml_proc,
                     nota_id=nota.id)


def documento_do_evento(evento: EventoNFe) -> Documento:
    pasta, _ = _pasta(evento.nota.emitida_em or evento.nota.criado_em)  # ao lado da nota
    _, competencia = _pasta(evento.registrado_em or evento.criado_em)
    tipo = "cancelamento" if evento.tipo == CANCELAMENTO else "carta_correcao"
    nome = f"{evento.nota.chave}-{evento.tipo}-{evento.sequencia:02d}-procEventoNFe.xml"
    return Documento(tipo, f"{pasta}/{nome}", competencia, evento.nota.ambiente, evento.xml_retorno,
                     nota_id=evento.nota_id, evento_id=evento.id)


def documento_da_inutilizacao(inut: InutilizacaoNFe) -> Documento:
    pasta, competencia = _pasta(inut.criado_em)
    nome = (f"inutilizacao-{inut.ambiente}-{inut.serie:03d}-{inut.numero_inicial:09d}-{inut.numero_final:09d}"
            "-procInutNFe.xml")
    return Documento("inutilizacao", f"{pasta}/{nome}", competencia, inut.ambiente, inut.xml_retorno,
                     inutilizacao_id=inut.id)


def gravar(documento: Documento, armazem=None) -> int | None:
    """Grava o XML no armazém e registra caminho e SHA-256 (uma linha por caminho). Sem commit.
    Devolve o id da linha nova (None se o documento já estava registrado). ArmazemIndisponivel se falhar."""
    (armazem or do_app()).gravar(documento.caminho, documento.dados)
    return inserir_se_novo(ArquivoXML, {
        "tipo": documento.tipo, "caminho": documento.caminho, "competencia": documento.competencia,
        "ambiente": documento.ambiente,
        "sha256": sha256(documento.dados), "tamanho": len(documento.dados), "nota_id": documento.nota_id,
        "evento_id": documento.evento_id, "inutilizacao_id": documento.inutilizacao_id,
        "arquivado_em": agora()}, ["caminho"])


def _arquivar_agora(documento: Documento) -> None:
    """Para os ouvintes dos sinais: grava já; se o armazém falhar, a tarefa `completar` tenta de novo depois,
    e a NF-e segue (um ouvinte nunca levanta erro)."""
    try:
        with db.session.begin_nested():
            gravar(documento)
    except Exception as erro:  # noqa: BLE001 — o arquivo espera; a autorização e os outros ouvintes, não
        log.warning("XML %s não arquivado agora (%s); nova tentativa pela fila.", documento.caminho, erro)
        fila.apos_commit("nfe.completar_arquivo", atraso_s=60)


def ao_autorizar_nota(nota: NotaFiscal) -> None:
    """Ouve `sinais.nota_autorizada`."""
    if nota.xml_proc and nota.chave:
        _arquivar_agora(documento_da_nota(nota))


def ao_registrar_evento(evento: EventoNFe) -> None:
    """Ouve `sinais.evento_registrado`."""
    if evento.xml_retorno and evento.nota is not None and evento.nota.chave:
        _arquivar_agora(documento_do_evento(evento))


def ao_homologar_inutilizacao(inutilizacao: InutilizacaoNFe) -> None:
    """Ouve `sinais.inutilizacao_homologada`."""
    if inutilizacao.xml_retorno:
        _arquivar_agora(documento_da_inutilizacao(inutilizacao))


def faltando() -> list[Documento]:
    """Os documentos que já existem no banco e ainda não estão no arquivo (para `completar`)."""
    arquivadas = db.session.query(ArquivoXML.nota_id).filter(ArquivoXML.tipo == "nfe",
                                                              ArquivoXML.nota_id.isnot(None))
    eventos = db.session.query(ArquivoXML.evento_id).filter(ArquivoXML.evento_id.isnot(None))
    inutilizacoes = db.session.query(ArquivoXML.inutilizacao_id).filter(ArquivoXML.inutilizacao_id.isnot(None))
    documentos = [documento_da_nota(n) for n in db.session.query(NotaFiscal).filter(
        NotaFiscal.situacao.in_(COM_NFE_PROC), NotaFiscal.xml_proc.isnot(None), NotaFiscal.chave.isnot(None),
        NotaFiscal.id.notin_(arquivadas)).order_by(NotaFiscal.id)]
    documentos += [documento_do_evento(e) for e in db.session.query(EventoNFe).filter(
        EventoNFe.situacao == "registrado", EventoNFe.xml_retorno.isnot(None),
        EventoNFe.id.notin_(eventos)).order_by(EventoNFe.id)]
    documentos += [documento_da_inutilizacao(i) for i in db.session.query(InutilizacaoNFe).filter(
        InutilizacaoNFe.xml_retorno.isnot(None), InutilizacaoNFe.id.notin_(inutilizacoes))
        .order_by(InutilizacaoNFe.id) if i.homologada]
    return documentos


@dataclass
class ResultadoCompletar:
    arquivados: list[str] = field(default_factory=list)
    falhas: list[dict] = field(default_factory=list)

    def como_dict(self) -> dict:
        return asdict(self)


def completar() -> ResultadoCompletar:
    """Arquiva o que falta (o que existia antes do arquivo, ou o que o armazém recusou na hora). Faz commit."""
    resultado = ResultadoCompletar()
    armazem = do_app()
    for documento in faltando():
        try:
            gravar(documento, armazem)
        except ArmazemIndisponivel as erro:
            resultado.falhas.append({"caminho": documento.caminho, "erro": str(erro)})
            continue
        db.session.commit()
        resultado.arquivados.append(documento.caminho)
    return resultado


@dataclass
class ResultadoVerificacao:
    armazem: str
    conferidos: int = 0
    ok: int = 0
    ausentes: list[str] = field(default_factory=list)
    alterados: list[str] = field(default_factory=list)
    ilegiveis: list[dict] = field(default_factory=list)
    nao_arquivados: int = 0

    @property
    def integro(self) -> bool:
        return not (self.ausentes or self.alterados or self.ilegiveis or self.nao_arquivados)

    def como_dict(self) -> dict:
        return {**asdict(self), "integro": self.integro}


def verificar() -> ResultadoVerificacao:
    """Relê cada XML do arquivo e refaz o SHA-256: o que sumiu, o que mudou e o que ainda não foi arquivado."""
    armazem = do_app()
    resultado = ResultadoVerificacao(armazem.descricao)
    for registro in db.session.query(ArquivoXML).order_by(ArquivoXML.id).yield_per(200):
        resultado.conferidos += 1
        try:
            dados = armazem.ler(registro.caminho)
        except ArmazemIndisponivel as erro:
            resultado.ilegiveis.append({"caminho": registro.caminho, "erro": str(erro)})
            continue
        if dados is None:
            resultado.ausentes.append(registro.caminho)
        elif sha256(dados) != registro.sha256:
            resultado.alterados.append(registro.caminho)
        else:
            resultado.ok += 1
    resultado.nao_arquivados = len(faltando())
    return resultado


def _copia_no_banco(registro: ArquivoXML) -> bytes | None:
    """A cópia que o banco guarda do mesmo documento (reserva quando o arquivo sumiu ou mudou)."""
    if registro.evento_id:
        evento = db.session.get(EventoNFe, registro.evento_id)
        return evento.xml_retorno if evento else None
    if registro.inutilizacao_id:
        inut = db.session.get(InutilizacaoNFe, registro.inutilizacao_id)
        return inut.xml_retorno if inut else None
    nota = db.session.get(NotaFiscal, registro.nota_id) if registro.nota_id else None
    return nota.xml_proc if nota else None


@dataclass
class ResultadoExportacao:
    mes: str
    ambiente: str | None
    arquivo: str
    quantidades: dict = field(default_factory=dict)
    avisos: list[str] = field(default_factory=list)

    def como_dict(self) -> dict:
        return asdict(self)


def validar_mes(mes: str) -> str:
    try:
        return datetime.strptime(mes, "%Y-%m").strftime("%Y-%m")
    except ValueError:
        raise ValueError(f"Mês inválido: {mes!r} (use AAAA-MM, ex.: 2026-12).") from None


def exportar(mes: str, destino: str | Path, ambiente: str | None = None) -> ResultadoExportacao:
    """Um ZIP com os XML da competência `mes` (AAAA-MM) de um ambiente (padrão: o atual da empresa): NF-e,
    cancelamentos, cartas de correção e inutilizações, em pastas por tipo. Antes, arquiva o que faltar. Cada XML
    sai conferido pelo SHA-256; se o arquivo sumiu ou mudou, sai a cópia do banco (se bater com o SHA-256) e um
    aviso."""
    mes = validar_mes(mes)
    if ambiente is None:
        empresa = empresas.obter()
        ambiente = empresa.ambiente if empresa else None
    completar()
    armazem = do_app()
    resultado = ResultadoExportacao(mes, ambiente, str(destino), {tipo: 0 for tipo in PASTAS_ZIP})
    consulta = db.session.query(ArquivoXML).filter_by(competencia=mes)
    if ambiente:
        consulta = consulta.filter_by(ambiente=ambiente)
    registros = consulta.order_by(ArquivoXML.tipo, ArquivoXML.caminho).all()
    with zipfile.ZipFile(destino, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        for registro in registros:
            try:
                dados = armazem.ler(registro.caminho)
            except ArmazemIndisponivel as erro:
                dados = None
                resultado.avisos.append(str(erro))
            if dados is None or sha256(dados) != registro.sha256:
                reserva = _copia_no_banco(registro)
                estado = "não está no arquivo" if dados is None else "foi alterado no arquivo"
                if reserva is not None and sha256(reserva) == registro.sha256:
                    resultado.avisos.append(f"{registro.caminho} {estado}; exportada a cópia do banco.")
                    dados = reserva
                else:
                    resultado.avisos.append(f"{registro.caminho} {estado} e ficou fora do ZIP.")
                    continue
            zip_.writestr(f"{PASTAS_ZIP[registro.tipo]}/{registro.caminho.rsplit('/', 1)[-1]}", dados)
            resultado.quantidades[registro.tipo] += 1
    return resultado
