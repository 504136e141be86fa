"""`nfe status-servico` e o botão Status da SEFAZ: o autorizador da UF e a SVC, cada um com a hora da consulta."""
from erp.comum.modelos import agora
from erp.extensions import db
from erp.nfe.sefaz.erros import ErroSefaz
from erp.nfe.services import protocolos, servicos_sefaz
from erp.nfe.services import empresa as empresas


def verificar_status() -> list[dict]:
    """`nfe status-servico`: pergunta a cada autorizador que a empresa usa (o da UF e a SVC) e guarda (com commit)."""
    empresa = empresas.obter()
    if empresa is None:
        raise protocolos.SefazImpossivel("Cadastre a empresa emitente em NF-e → Empresa antes de falar com a SEFAZ.")
    linhas = []
    for na_svc in (False, True):
        with protocolos.cliente_sem_certificado(contingencia=na_svc) as sefaz:
            registro = servicos_sefaz.registro_do_servico(empresa.ambiente, sefaz.autorizador, na_svc)
            registro.url = sefaz.url("NFeStatusServico4")
            try:
                retorno = sefaz.status()
            except ErroSefaz as erro:
                registro.cstat, registro.motivo, registro.observacao = None, str(erro), None
            else:
                registro.cstat, registro.motivo, registro.observacao = retorno.cstat, retorno.motivo, retorno.observacao
            registro.verificado_em = agora().replace(microsecond=0)
            linhas.append(registro)
    db.session.commit()
    return [servicos_sefaz.como_dict(r) for r in linhas]
