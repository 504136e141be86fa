"""DANFE em PDF a partir do nfeProc (BrazilFiscalReport), com a marca “CANCELADA” quando for o caso."""
from brazilfiscalreport.danfe import Danfe, DanfeConfig

from erp.extensions import db
from erp.nfe.models import NotaFiscal

COM_DANFE = ("autorizada", "cancelada")


class DanfeIndisponivel(Exception):
    """A nota não tem nfeProc (não foi autorizada); mensagem para o usuário."""


def gerar_pdf(nota_id: int) -> bytes:
    nota = db.session.get(NotaFiscal, nota_id)
    if nota is None:
        raise DanfeIndisponivel(f"NF-e {nota_id} não encontrada.")
    if nota.situacao not in COM_DANFE or not nota.xml_proc:
        raise DanfeIndisponivel(f"A NF-e nº {nota.numero} está {nota.situacao_nome.lower()}; o DANFE só existe "
                                "para nota autorizada pela SEFAZ.")
    config = DanfeConfig(watermark_cancelled=nota.situacao == "cancelada")
    documento = Danfe(xml=nota.xml_proc.decode("utf-8"), config=config)
    return bytes(documento.output())


def nome_arquivo(nota: NotaFiscal) -> str:
    return f"DANFE-{nota.chave or nota.numero}.pdf"
